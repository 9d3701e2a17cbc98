package io.drover.backend.kubernetes;

import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pod logs of one service through the API server, like {@code kubectl logs}: the tail applies per
 * pod, {@code since} applies exactly. Without follow the pods' lines are merged oldest first and
 * come from the kubelet's log files through the node proxy when it serves them, which say which
 * lines went to stderr; else (and with follow) from {@code GET .../pods/<pod>/log?timestamps=true},
 * which merges both streams, so its lines are reported as STDOUT ({@code since} is sent rounded down
 * to the second, the API's precision). With follow each pod has a reader thread and closing the
 * stream closes them.
 */
final class KubernetesLogs {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesLogs.class);
    private static final LogLine END = new LogLine("", LogLine.Stream.STDOUT, Instant.EPOCH, "");

    private KubernetesLogs() {}

    static Stream<LogLine> open(KubernetesClient client, String namespace, List<Pod> pods, LogOptions options) {
        if (!options.follow()) {
            List<LogLine> lines = new ArrayList<>();
            for (Pod pod : pods) lines.addAll(read(client, namespace, pod, options));
            lines.sort(Comparator.comparing(LogLine::time, Comparator.nullsFirst(Comparator.naturalOrder())));
            return lines.stream();
        }
        return follow(client, namespace, pods.stream().map(p -> p.getMetadata().getName()).toList(), options);
    }

    /** One pod's lines: from the kubelet's log file when the node proxy serves it (streams known), else from the log API. */
    private static List<LogLine> read(KubernetesClient client, String namespace, Pod pod, LogOptions options) {
        List<LogLine> fromFile = kubeletFile(client, namespace, pod);
        if (fromFile != null) {
            List<LogLine> kept = fromFile.stream().filter(l -> keep(l, options)).toList();
            return options.tailLines() == null || kept.size() <= options.tailLines() ? kept
                    : kept.subList(kept.size() - options.tailLines(), kept.size());
        }
        String name = pod.getMetadata().getName();
        String text;
        try {
            text = source(client, namespace, name, options).getLog();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 400 || e.getCode() == 404) return List.of(); // not started yet, or gone meanwhile
            throw e;
        }
        if (text == null) return List.of();
        List<LogLine> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            LogLine l = parse(name, raw);
            if (l != null && keep(l, options)) out.add(l);
        }
        return out;
    }

    /**
     * The current container's log file as the kubelet writes it ({@code /var/log/pods/<ns>_<pod>_<uid>/main/<restarts>.log},
     * CRI format: time, stream, P(artial) or F(ull), text), through the API server's node proxy to the
     * kubelet's {@code /logs/} handler: the one place a 1.20 cluster tells stderr from stdout (the log
     * API merges them). Null when it cannot be had (no nodes/proxy permission, the handler disabled,
     * the file rotated or not written yet); the caller then uses the log API.
     */
    static List<LogLine> kubeletFile(KubernetesClient client, String namespace, Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (node == null || pod.getMetadata().getUid() == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        ContainerStatus main = pod.getStatus().getContainerStatuses().stream().filter(c -> "main".equals(c.getName())).findFirst().orElse(null);
        if (main == null) return null;
        int restarts = main.getRestartCount() == null ? 0 : main.getRestartCount();
        boolean running = main.getState() != null && main.getState().getRunning() != null;
        // a container waiting to be restarted has written restarts-1.log last
        for (int attempt : running || restarts == 0 ? List.of(restarts) : List.of(restarts, restarts - 1)) {
            String path = "/api/v1/nodes/" + node + "/proxy/logs/pods/" + namespace + "_" + pod.getMetadata().getName() + "_"
                    + pod.getMetadata().getUid() + "/main/" + attempt + ".log";
            String text;
            try {
                text = client.raw(path);
            } catch (KubernetesClientException e) {
                LOG.debug("no kubelet log file {}: {}", path, e.getMessage());
                if (e.getCode() == 404) continue;
                return null;
            }
            if (text != null) return parseCri(pod.getMetadata().getName(), text);
        }
        return null;
    }

    /** Lines of a CRI log file; partial lines (tag P) are joined with what follows them. */
    static List<LogLine> parseCri(String pod, String text) {
        List<LogLine> out = new ArrayList<>();
        StringBuilder partial = new StringBuilder();
        for (String raw : text.split("\n")) {
            String[] f = raw.split(" ", 4);
            if (f.length < 3) continue;
            Instant time;
            try {
                time = Instant.parse(f[0]);
            } catch (DateTimeParseException e) {
                continue;
            }
            String body = f.length == 4 ? f[3] : "";
            if (f[2].startsWith("P")) {
                partial.append(body);
                continue;
            }
            LogLine.Stream stream = "stderr".equals(f[1]) ? LogLine.Stream.STDERR : LogLine.Stream.STDOUT;
            out.add(new LogLine(pod, stream, time, partial + body));
            partial.setLength(0);
        }
        return out;
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
