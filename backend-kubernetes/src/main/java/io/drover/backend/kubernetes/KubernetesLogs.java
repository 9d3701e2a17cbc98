package io.drover.backend.kubernetes;

import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.TailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.TimeTailPrettyLoggable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Pod logs of one service through the API server ({@code GET .../pods/<pod>/log?timestamps=true}),
 * like {@code kubectl logs}: the tail applies per pod, {@code since} is sent rounded down to the
 * second (the API's precision) and applied exactly here. Without follow the pods' lines are merged
 * oldest first; with follow each pod has a reader thread and closing the stream closes them.
 * The API does not say which lines came from stderr, so every line is reported as STDOUT.
 */
final class KubernetesLogs {
    private static final LogLine END = new LogLine("", LogLine.Stream.STDOUT, Instant.EPOCH, "");

    private KubernetesLogs() {}

    static Stream<LogLine> open(KubernetesClient client, String namespace, List<String> pods, LogOptions options) {
        if (!options.follow()) {
            List<LogLine> lines = new ArrayList<>();
            for (String pod : pods) {
                String text;
                try {
                    text = source(client, namespace, pod, options).getLog();
                } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                    if (e.getCode() == 400 || e.getCode() == 404) continue; // not started yet, or gone meanwhile
                    throw e;
                }
                if (text == null) continue;
                for (String raw : text.split("\n")) {
                    LogLine l = parse(pod, raw);
                    if (l != null && keep(l, options)) lines.add(l);
                }
            }
            lines.sort(Comparator.comparing(LogLine::time, Comparator.nullsFirst(Comparator.naturalOrder())));
            return lines.stream();
        }
        return follow(client, namespace, pods, options);
    }

    private static Stream<LogLine> follow(KubernetesClient client, String namespace, List<String> pods, LogOptions options) {
        BlockingQueue<LogLine> queue = new LinkedBlockingQueue<>();
        List<LogWatch> watches = new CopyOnWriteArrayList<>();
        AtomicInteger open = new AtomicInteger(pods.size());
        for (String pod : pods) {
            LogWatch w = source(client, namespace, pod, options).watchLog();
            watches.add(w);
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(w.getOutput(), StandardCharsets.UTF_8))) {
                    for (String raw; (raw = r.readLine()) != null; ) {
                        LogLine l = parse(pod, raw);
                        if (l != null && keep(l, options)) queue.add(l);
                    }
                } catch (IOException | RuntimeException e) {
                    // the stream was closed or the pod went away: this pod's lines end
                } finally {
                    if (open.decrementAndGet() == 0) queue.add(END);
                }
            }, "drover-k8s-logs-" + pod);
            t.setDaemon(true);
            t.start();
        }
        if (pods.isEmpty()) queue.add(END);
        Iterator<LogLine> it = new Iterator<>() {
            private LogLine next;

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
                if (next == END) {
                    queue.add(END);
                    return false;
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
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(() -> {
                    watches.forEach(LogWatch::close);
                    queue.add(END);
                });
    }

    private static io.fabric8.kubernetes.client.dsl.Loggable source(KubernetesClient client, String namespace, String pod, LogOptions o) {
        TimeTailPrettyLoggable base = client.pods().inNamespace(namespace).withName(pod).inContainer("main").usingTimestamps();
        TailPrettyLoggable since = o.since() == null ? base : base.sinceTime(o.since().truncatedTo(ChronoUnit.SECONDS).toString());
        return o.tailLines() == null ? since : since.tailingLines(o.tailLines());
    }

    /** A line as the API gives it with timestamps: {@code 2026-12-01T10:00:00.123456789Z text}. */
    static LogLine parse(String pod, String raw) {
        if (raw.isEmpty()) return null;
        int space = raw.indexOf(' ');
        if (space > 0) {
            try {
                return new LogLine(pod, LogLine.Stream.STDOUT, Instant.parse(raw.substring(0, space)), raw.substring(space + 1));
            } catch (DateTimeParseException e) {
                // no timestamp: keep the whole line
            }
        }
        return new LogLine(pod, LogLine.Stream.STDOUT, null, raw);
    }

    private static boolean keep(LogLine l, LogOptions o) {
        if (o.since() != null && l.time() != null && l.time().isBefore(o.since())) return false;
        return true;
    }
}
