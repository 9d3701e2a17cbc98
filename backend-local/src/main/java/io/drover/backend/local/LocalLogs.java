package io.drover.backend.local;

import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output of one service's instances: each line of stdout and stderr goes into a bounded
 * in-memory ring per instance and into a file per instance and stream under the state directory
 * ({@code <state>/logs/<service>/<instance>.stdout.log}), and to every open follow stream. The
 * supervisor adds its own notes about an instance (how it exited, why it was killed) to that
 * instance's stderr, prefixed {@code [drover]}. Thread-safe.
 */
final class LocalLogs {
    private static final Logger LOG = LoggerFactory.getLogger(LocalLogs.class);
    private static final int KEPT_INSTANCES = 64;
    private static final Object END = new Object();

    private final Path dir;
    private final int ringSize;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, ArrayDeque<Entry>> rings = new LinkedHashMap<>();
    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private record Entry(long seq, LogLine line) {}

    LocalLogs(Path dir, int ringSize) {
        this.dir = dir;
        this.ringSize = ringSize;
    }

    /** Starts copying {@code in} (one output of {@code instance}) line by line; returns the reader thread. */
    Thread attach(String instance, LogLine.Stream stream, InputStream in) {
        return attach(instance, stream, in, line -> { });
    }

    /** The same, also handing each line to {@code onLine} on the reader thread. */
    Thread attach(String instance, LogLine.Stream stream, InputStream in, java.util.function.Consumer<String> onLine) {
        synchronized (this) {
            rings.computeIfAbsent(instance, k -> new ArrayDeque<>());
            while (rings.size() > KEPT_INSTANCES) {
                rings.remove(rings.keySet().iterator().next());
            }
        }
        Thread t = new Thread(() -> copy(instance, stream, in, onLine), "drover-local-log-" + instance + "-" + stream.name().toLowerCase());
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void copy(String instance, LogLine.Stream stream, InputStream in, java.util.function.Consumer<String> onLine) {
        BufferedWriter file = null;
        try {
            Files.createDirectories(dir);
            file = Files.newBufferedWriter(dir.resolve(instance + "." + stream.name().toLowerCase() + ".log"),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("cannot write log file for {}: {}", instance, e.toString());
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                LogLine l = new LogLine(instance, stream, java.time.Instant.now(), line);
                add(l);
                try {
                    onLine.accept(line);
                } catch (RuntimeException e) {
                    LOG.warn("output observer of {} failed", instance, e);
                }
                if (file != null) {
                    try {
                        file.write(l.time() + " " + line);
                        file.newLine();
                        file.flush();
                    } catch (IOException e) {
                        file = null;
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone and its pipe closed
        } finally {
            if (file != null) {
                try {
                    file.close();
                } catch (IOException ignored) {
                    // nothing left to save
                }
            }
        }
    }

    /** Adds a line (also used for the supervisor's own notes about an instance). */
    void add(LogLine line) {
        Entry e;
        synchronized (this) {
            e = new Entry(sequence.incrementAndGet(), line);
            ArrayDeque<Entry> ring = rings.computeIfAbsent(line.instance(), k -> new ArrayDeque<>());
            ring.addLast(e);
            while (ring.size() > ringSize) ring.removeFirst();
        }
        for (Follower f : followers) f.offer(e);
    }

    /** The last {@code n} lines of {@code instance}, oldest first. */
    synchronized List<String> lastLines(String instance, int n) {
        ArrayDeque<Entry> ring = rings.get(instance);
        if (ring == null) return List.of();
        List<String> all = ring.stream().map(e -> e.line().text()).toList();
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** The lines {@code options} ask for, oldest first; with follow the stream blocks until closed. */
    Stream<LogLine> read(LogOptions options) {
        Follower follower = null;
        if (options.follow() && !closed) {
            follower = new Follower(options);
            followers.add(follower);
        }
        List<Entry> snapshot = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<String, ArrayDeque<Entry>> ring : rings.entrySet()) {
                if (options.instance() != null && !options.instance().equals(ring.getKey())) continue;
                List<Entry> lines = ring.getValue().stream().filter(e -> matches(options, e.line())).toList();
                if (options.tailLines() != null) lines = lines.subList(Math.max(0, lines.size() - options.tailLines()), lines.size());
                snapshot.addAll(lines);
            }
        }
        snapshot.sort(Comparator.comparingLong(Entry::seq));
        long last = snapshot.isEmpty() ? 0 : snapshot.get(snapshot.size() - 1).seq();
        Stream<LogLine> past = snapshot.stream().map(Entry::line);
        if (follower == null) return past;
        Follower f = follower;
        Iterator<LogLine> live = new Iterator<>() {
            private LogLine next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    Object o;
                    try {
                        o = f.queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                    if (o == END) {
                        f.queue.offer(END);
                        return false;
                    }
                    Entry e = (Entry) o;
                    if (e.seq() > last) next = e.line();
                }
                return true;
            }

            @Override
            public LogLine next() {
                if (!hasNext()) throw new NoSuchElementException();
                LogLine l = next;
                next = null;
                return l;
            }
        };
        Stream<LogLine> future = StreamSupport.stream(Spliterators.spliteratorUnknownSize(live, Spliterator.ORDERED), false);
        return Stream.concat(past, future).onClose(() -> {
            followers.remove(f);
            f.queue.offer(END);
        });
    }

    /** Ends every follow stream (the service is gone). */
    void close() {
        closed = true;
        for (Follower f : followers) f.queue.offer(END);
        followers.clear();
    }

    /** Deletes this service's log files (after it was deleted and its processes are gone). */
    void deleteFiles() {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.warn("cannot delete log files in {}: {}", dir, e.toString());
        }
    }

    private static boolean matches(LogOptions o, LogLine l) {
        if (o.instance() != null && !o.instance().equals(l.instance())) return false;
        return o.since() == null || !l.time().isBefore(o.since());
    }

    private static final class Follower {
        final LogOptions options;
        final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();

        Follower(LogOptions options) {
            this.options = options;
        }

        void offer(Entry e) {
            if (matches(options, e.line())) queue.offer(e);
        }
    }
}
