package io.drover.backend.nomad;

import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Logs through the client fs logs API ({@code GET /v1/client/fs/logs/:alloc_id} with {@code task},
 * {@code type} stdout or stderr and {@code plain=true}; the servers forward it to the client node).
 * The lines written so far are read first (the last {@code tailLines} per allocation and stream);
 * with {@code follow} a second request per stream continues at the byte {@code offset} where they
 * ended, with {@code follow=true}, and stays open until the returned stream is closed. Nomad's logs
 * carry no timestamps, so {@code since} cannot be applied and lines have no time.
 */
final class NomadLogs {
    private static final LogLine END = new LogLine(null, LogLine.Stream.STDOUT, null, null);

    private NomadLogs() {}

    static Stream<LogLine> read(NomadHttp http, String namespace, String task, List<String> allocations, LogOptions options)
            throws IOException {
        List<LogLine> history = new ArrayList<>();
        List<long[]> offsets = new ArrayList<>();
        for (String alloc : allocations) {
            for (LogLine.Stream type : LogLine.Stream.values()) {
                byte[] bytes;
                try (InputStream in = http.stream(path(alloc), query(task, type, false, 0), namespace)) {
                    bytes = in.readAllBytes();
                }
                offsets.add(new long[] {bytes.length});
                List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
                int from = options.tailLines() == null ? 0 : Math.max(0, lines.size() - options.tailLines());
                for (String l : lines.subList(from, lines.size())) history.add(new LogLine(alloc, type, null, l));
            }
        }
        if (!options.follow()) return history.stream();

        BlockingQueue<LogLine> queue = new LinkedBlockingQueue<>(history);
        List<InputStream> open = new CopyOnWriteArrayList<>();
        AtomicInteger live = new AtomicInteger();
        int i = 0;
        for (String alloc : allocations) {
            for (LogLine.Stream type : LogLine.Stream.values()) {
                InputStream in = http.stream(path(alloc), query(task, type, true, offsets.get(i++)[0]), namespace);
                open.add(in);
                live.incrementAndGet();
                Thread t = new Thread(() -> pump(in, alloc, type, queue, live), "drover-nomad-logs");
                t.setDaemon(true);
                t.start();
            }
        }
        Spliterator<LogLine> lines = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED) {
            @Override
            public boolean tryAdvance(Consumer<? super LogLine> action) {
                try {
                    LogLine l = queue.take();
                    if (l == END) return false;
                    action.accept(l);
                    return true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        };
        return StreamSupport.stream(lines, false).onClose(() -> {
            for (InputStream in : open) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            queue.offer(END);
        });
    }

    private static void pump(InputStream in, String alloc, LogLine.Stream type, BlockingQueue<LogLine> queue, AtomicInteger live) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) queue.offer(new LogLine(alloc, type, null, line));
        } catch (IOException e) {
            // closed by the caller, or the client went away: this stream ends
        } finally {
            if (live.decrementAndGet() == 0) queue.offer(END);
        }
    }

    static String path(String alloc) {
        return "/v1/client/fs/logs/" + alloc;
    }

    static Map<String, String> query(String task, LogLine.Stream type, boolean follow, long offset) {
        Map<String, String> q = new java.util.LinkedHashMap<>();
        q.put("task", task);
        q.put("type", type == LogLine.Stream.STDOUT ? "stdout" : "stderr");
        q.put("plain", "true");
        q.put("follow", Boolean.toString(follow));
        if (offset > 0) {
            q.put("offset", Long.toString(offset));
            q.put("origin", "start");
        }
        return q;
    }
}
