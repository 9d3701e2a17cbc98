package io.drover.backend.nomad;

import static io.drover.backend.nomad.NomadJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.api.EventType;
import io.drover.api.ServiceEvent;
import io.drover.api.ServiceStatus;
import io.drover.api.Watch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch driven by Nomad's event stream ({@code GET /v1/event/stream} with the topics
 * {@code Job}, {@code Allocation}, {@code Deployment} and {@code Evaluation}, newline-delimited JSON,
 * resumed from the last {@code Index} after a break): each event names a job, whose status is read
 * and pushed when it differs from the last one pushed. Where the agent has the stream switched off
 * (it answers 404 or 501) the watch uses blocking queries instead: {@code GET /v1/jobs} and
 * {@code GET /v1/allocations} with {@code ?index=} of the last {@code X-Nomad-Index}, so it wakes
 * only when something changed, and compares every service. Events arrive in order on the watch's
 * own thread; a throwing listener is logged and does not end the watch.
 */
final class NomadWatch implements Watch {
    private static final Logger LOG = LoggerFactory.getLogger(NomadWatch.class);
    static final List<String> TOPICS = List.of("Job", "Allocation", "Deployment", "Evaluation");

    private final NomadHttp http;
    private final String namespace;
    private final Consumer<ServiceEvent> listener;
    private final Function<String, Optional<ServiceStatus>> status;
    private final Supplier<List<ServiceStatus>> list;
    private final Map<String, String> last = new HashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;
    private volatile InputStream open;
    private volatile Runnable onClose = () -> { };

    NomadWatch(NomadHttp http, String namespace, Consumer<ServiceEvent> listener, Function<String, Optional<ServiceStatus>> status,
            Supplier<List<ServiceStatus>> list) {
        this.http = http;
        this.namespace = namespace;
        this.listener = listener;
        this.status = status;
        this.list = list;
        this.thread = new Thread(this::run, "drover-nomad-watch");
        this.thread.setDaemon(true);
    }

    NomadWatch start(Runnable whenClosed) {
        this.onClose = whenClosed;
        thread.start();
        return this;
    }

    private void run() {
        long index = 0;
        long backoff = 500;
        boolean streamOff = false;
        compareAll();
        while (!closed.get()) {
            try {
                if (streamOff) {
                    index = blockingRound(index);
                } else {
                    index = streamFrom(index);
                }
                backoff = 500;
            } catch (NomadHttpException e) {
                if (!streamOff && (e.status() == 404 || e.status() == 501)) {
                    LOG.info("the Nomad event stream is off ({}); watching with blocking queries", e.status());
                    streamOff = true;
                    index = 0;
                    continue;
                }
                backoff = pause(backoff, e);
            } catch (IOException | RuntimeException e) {
                if (closed.get()) break;
                backoff = pause(backoff, e);
                compareAll();
            }
        }
    }

    /** Reads the stream until it ends; returns the last index seen. */
    private long streamFrom(long index) throws IOException {
        InputStream in = http.streamTopics(TOPICS, index, namespace);
        open = in;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while (!closed.get() && (line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode frame = NomadJson.parse(line);
                if (frame.path("Index").isNumber()) index = Math.max(index, frame.get("Index").asLong());
                Set<String> jobs = new LinkedHashSet<>();
                for (JsonNode e : frame.path("Events")) {
                    String job = jobOf(e);
                    if (job != null) jobs.add(job);
                }
                for (String job : jobs) compare(job, eventMessage(frame, job));
            }
        } finally {
            open = null;
        }
        return index;
    }

    /** One round of blocking queries on the job and allocation lists; returns the new index. */
    private long blockingRound(long index) throws IOException {
        NomadHttp.Answer jobs = http.blockingGet("/v1/jobs", Map.of(), namespace, index, Duration.ofMinutes(5));
        long next = Math.max(index, jobs.index());
        NomadHttp.Answer allocs = http.blockingGet("/v1/allocations", Map.of("task_states", "false"), namespace, index, Duration.ofSeconds(1));
        next = Math.max(next, allocs.index());
        if (next != index) compareAll();
        return next;
    }

    /** The job an event concerns: the Job topic's key, else the payload object's JobID. */
    static String jobOf(JsonNode event) {
        String topic = text(event, "Topic");
        if ("Job".equals(topic)) return text(event, "Key");
        if (topic == null) return null;
        JsonNode payload = event.path("Payload").path(topic);
        return text(payload, "JobID");
    }

    private static String eventMessage(JsonNode frame, String job) {
        for (JsonNode e : frame.path("Events")) {
            if (job.equals(jobOf(e))) return text(e, "Topic") + " " + text(e, "Type");
        }
        return null;
    }

    private void compareAll() {
        try {
            Set<String> seen = new LinkedHashSet<>();
            for (ServiceStatus s : list.get()) {
                seen.add(s.name());
                push(s.name(), Optional.of(s), null);
            }
            for (String gone : Set.copyOf(last.keySet())) if (!seen.contains(gone)) push(gone, Optional.empty(), null);
        } catch (RuntimeException e) {
            LOG.debug("watch resync failed: {}", e.toString());
        }
    }

    private void compare(String job, String message) {
        try {
            push(job, status.apply(job), message);
        } catch (RuntimeException e) {
            LOG.debug("watch could not read {}: {}", job, e.toString());
        }
    }

    private void push(String job, Optional<ServiceStatus> s, String message) {
        String signature = s.map(NomadWatch::signature).orElse(null);
        boolean known = last.containsKey(job);
        if (signature == null) {
            if (!known) return;
            last.remove(job);
            deliver(new ServiceEvent(EventType.DELETED, job, null, message, null));
            return;
        }
        if (signature.equals(last.get(job))) return;
        last.put(job, signature);
        deliver(new ServiceEvent(known ? EventType.MODIFIED : EventType.ADDED, job, s.get(), message, null));
    }

    private void deliver(ServiceEvent e) {
        if (closed.get()) return;
        try {
            listener.accept(e);
        } catch (RuntimeException ex) {
            LOG.warn("a watch listener failed on {}: {}", e.name(), ex.toString());
        }
    }

    /** What makes two statuses differ for a watcher (not the observation time). */
    static String signature(ServiceStatus s) {
        return s.state() + "|" + s.desired() + "|" + s.running() + "|" + s.ready() + "|" + s.updated() + "|" + s.revision() + "|"
                + s.instances().stream().map(i -> i.id() + ":" + i.state() + ":" + i.ready() + ":" + i.restarts()).toList() + "|"
                + s.problems().stream().map(p -> p.type() + "@" + p.instance()).toList() + "|" + s.endpoints();
    }

    private long pause(long backoff, Exception e) {
        LOG.debug("Nomad watch reconnects in {} ms: {}", backoff, e.toString());
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            closed.set(true);
        }
        return Math.min(backoff * 2, 10_000);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        InputStream in = open;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
        onClose.run();
    }
}
