package io.drover.backend.swarm;

import com.github.dockerjava.transport.DockerHttpClient;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A service's logs as a stream of {@link LogLine}s, read from the Engine's log endpoint with
 * timestamps and details (the details name each line's task, whose slot is the line's instance;
 * docker-java cannot ask for them, so the raw transport is used). One instance's logs are the
 * service's, filtered, so that they cover every task that instance has had. The tail applies
 * per task, as Swarm does. The stream reads on the caller's thread; with follow it blocks for new
 * lines until closed, and closing it aborts the engine connection.
 */
final class SwarmLogs {
    private SwarmLogs() {}

    /**
     * Opens the logs of service {@code serviceId} (only those of {@code options.instance()} when set);
     * {@code instanceOfTask} names the instance of a task id, {@code errors} turns a failure while
     * reading into Drover's exception.
     */
    static Stream<LogLine> open(EngineApi api, String serviceId, LogOptions options, Function<Throwable, RuntimeException> errors,
            Function<String, String> instanceOfTask) {
        DockerHttpClient.Response response = api.openLogs("services", serviceId, options.follow(), options.tailLines(), options.since());
        FrameReader reader = new FrameReader(response.getBody(), null);
        Iterator<LogLine> it = new Iterator<>() {
            private LogLine next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next != null) return true;
                if (done) return false;
                try {
                    do {
                        LogLine raw = reader.next();
                        next = raw == null ? null : new LogLine(raw.instance() == null ? null : instanceOfTask.apply(raw.instance()),
                                raw.stream(), raw.time(), raw.text());
                    } while (next != null && !wanted(next, options));
                } catch (IOException e) {
                    done = true;
                    response.close();
                    throw errors.apply(e);
                }
                if (next == null) {
                    done = true;
                    response.close();
                }
                return next != null;
            }

            @Override
            public LogLine next() {
                if (!hasNext()) throw new NoSuchElementException();
                LogLine line = next;
                next = null;
                return line;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, 0), false).onClose(response::close);
    }

    /** The instance filter, and the since bound to the nanosecond (the engine's is coarser on some versions). */
    private static boolean wanted(LogLine line, LogOptions options) {
        if (options.instance() != null && !options.instance().equals(line.instance())) return false;
        return options.since() == null || line.time() == null || !line.time().isBefore(options.since());
    }

    /** Reads the engine's multiplexed stream: 8-byte headers (stream, 0, 0, 0, size) and payloads, split into lines. */
    static final class FrameReader {
        private final DataInputStream in;
        private final String instance;
        private final ByteArrayOutputStream[] partial = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        private final Deque<LogLine> ready = new ArrayDeque<>();

        FrameReader(InputStream in, String instance) {
            this.in = new DataInputStream(in);
            this.instance = instance;
        }

        /** The next line, or null at the end of the stream. */
        LogLine next() throws IOException {
            while (ready.isEmpty()) {
                int type;
                try {
                    type = in.readUnsignedByte();
                } catch (EOFException end) {
                    flush(0);
                    flush(1);
                    return ready.poll();
                }
                in.skipNBytes(3);
                int size = in.readInt();
                byte[] payload = in.readNBytes(size);
                int which = type == 2 ? 1 : 0;
                for (byte b : payload) {
                    if (b == '\n') flush(which);
                    else partial[which].write(b);
                }
            }
            return ready.poll();
        }

        private void flush(int which) {
            if (partial[which].size() == 0) return;
            ready.add(parse(partial[which].toString(StandardCharsets.UTF_8), which == 1 ? LogLine.Stream.STDERR : LogLine.Stream.STDOUT, instance));
            partial[which].reset();
        }
    }

    /**
     * One line as the engine writes it with timestamps and details:
     * {@code 2026-11-25T03:28:14.5Z com.docker.swarm.node.id=..,com.docker.swarm.service.id=..,com.docker.swarm.task.id=.. text}.
     */
    static LogLine parse(String raw, LogLine.Stream stream, String instance) {
        String rest = raw;
        Instant time = null;
        int space = rest.indexOf(' ');
        if (space > 0) {
            try {
                time = Instant.parse(rest.substring(0, space));
                rest = rest.substring(space + 1);
            } catch (DateTimeParseException notATimestamp) {
                // keep the line as it is
            }
        }
        String task = instance;
        if (rest.startsWith("com.docker.swarm.")) {
            int end = rest.indexOf(' ');
            String details = end < 0 ? rest : rest.substring(0, end);
            rest = end < 0 ? "" : rest.substring(end + 1);
            for (String kv : details.split(",")) {
                if (kv.startsWith("com.docker.swarm.task.id=")) task = kv.substring("com.docker.swarm.task.id=".length());
            }
        }
        if (rest.endsWith("\r")) rest = rest.substring(0, rest.length() - 1);
        return new LogLine(task, stream, time, rest);
    }
}
