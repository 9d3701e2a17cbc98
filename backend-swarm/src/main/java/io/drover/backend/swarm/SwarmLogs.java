package io.drover.backend.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogSwarmObjectCmd;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A service's (or one task's) logs as a stream of {@link LogLine}s, from the Engine's service logs
 * with timestamps and details (the details name each line's task, which becomes the line's
 * instance). The tail applies per task, as Swarm does. With follow the stream blocks for new lines
 * until closed; closing it closes the engine connection.
 */
final class SwarmLogs {
    private static final Object END = new Object();

    private SwarmLogs() {}

    /**
     * Opens the logs of service {@code serviceId}, or of task {@code options.instance()} when set;
     * {@code errors} turns a failure of the stream into Drover's exception.
     */
    static Stream<LogLine> open(DockerClient docker, String serviceId, LogOptions options,
            Function<Throwable, RuntimeException> errors) {
        LogSwarmObjectCmd cmd = options.instance() != null ? docker.logTaskCmd(options.instance()) : docker.logServiceCmd(serviceId);
        cmd.withStdout(true).withStderr(true).withTimestamps(true).withDetails(true).withFollow(options.follow());
        if (options.tailLines() != null) cmd.withTail(options.tailLines());
        if (options.since() != null) cmd.withSince((int) options.since().getEpochSecond());
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

            @Override
            public void onNext(Frame frame) {
                byte[] payload = frame.getPayload();
                LogLine.Stream stream = frame.getStreamType() == StreamType.STDERR ? LogLine.Stream.STDERR : LogLine.Stream.STDOUT;
                for (byte b : payload) {
                    if (b == '\n') {
                        queue.add(parse(partial.toString(StandardCharsets.UTF_8), stream, options.instance()));
                        partial.reset();
                    } else {
                        partial.write(b);
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                queue.add(t);
                queue.add(END);
            }

            @Override
            public void onComplete() {
                if (partial.size() > 0) queue.add(parse(partial.toString(StandardCharsets.UTF_8), LogLine.Stream.STDOUT, options.instance()));
                queue.add(END);
            }
        };
        cmd.exec(callback);
        Iterator<LogLine> it = new Iterator<>() {
            private Object next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        next = END;
                    }
                }
                if (next instanceof Throwable t) {
                    next = END;
                    throw errors.apply(t);
                }
                if (next == END) {
                    queue.add(END);
                    return false;
                }
                return true;
            }

            @Override
            public LogLine next() {
                if (!hasNext()) throw new NoSuchElementException();
                LogLine line = (LogLine) next;
                next = null;
                return line;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, 0), false).onClose(() -> {
            try {
                callback.close();
            } catch (IOException ignored) {
                // the connection is gone either way
            }
            queue.add(END);
        });
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
