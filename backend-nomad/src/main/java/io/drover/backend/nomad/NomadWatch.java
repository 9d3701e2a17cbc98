package io.drover.backend.nomad;

import static io.drover.backend.nomad.NomadJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.api.ServiceStatus;
import io.drover.api.Selector;
import io.drover.api.Watch;
import io.drover.api.WatchListener;
import io.drover.api.error.DroverException;
import io.drover.spi.support.StatusDiffWatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * only when something changed, and compares every service. The comparing, ordering and delivery
 * are {@link StatusDiffWatch}'s; a refusal that retrying cannot cure (401, 403: the token was
 * revoked) ends the watch through {@link WatchListener#onClose}.
 */
final class NomadWatch implements Watch {
    private static final Logger LOG = LoggerFactory.getLogger(NomadWatch.class);
    static final List<String> TOPICS = List.of("Job", "Allocation", "Deployment", "Evaluation");

    private final NomadHttp http;
    private final String namespace;
    private final Function<Throwable, DroverException> errors;
    private final StatusDiffWatch diff;
    private final Thread thread;
    private volatile InputStream open;

    NomadWatch(NomadHttp http, String namespace, Selector selector, WatchListener listener,
            Function<String, Optional<ServiceStatus>> status, Supplier<List<ServiceStatus>> list,
            Function<Throwable, DroverException> errors) {
        this.http = http;
        this.namespace = namespace;
        this.errors = errors;
        this.diff = new StatusDiffWatch("drover-nomad-watch", selector, listener, status, () -> {
            Map<String, ServiceStatus> byName = new LinkedHashMap<>();
            for (ServiceStatus s : list.get()) byName.put(s.name(), s);
            return byName;
        }).onClosed(this::release);
        this.thread = new Thread(this::run, "drover-nomad-feed");
        this.thread.setDaemon(true);
    }

    NomadWatch start(Runnable whenClosed) {
        diff.onClosed(whenClosed);
        diff.start();
        thread.start();
        return this;
    }

    /** Ends the watch, telling the listener why (the backend was closed). */
    void fail(DroverException cause) {
        diff.fail(cause);
    }

    private void run() {
        long index = 0;
        long backoff = 500;
        boolean streamOff = false;
        while (!diff.isClosed()) {
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
                if (e.status() == 401 || e.status() == 403) {
                    diff.fail(errors.apply(e));
                    break;
                }
                backoff = pause(backoff, e);
            } catch (IOException | RuntimeException e) {
                if (diff.isClosed()) break;
                backoff = pause(backoff, e);
                diff.resync();
            }
        }
    }

    /** Reads the stream until it ends; returns the last index seen. */
    private long streamFrom(long index) throws IOException {
        InputStream in = http.streamTopics(TOPICS, index, namespace);
        open = in;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while (!diff.isClosed() && (line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode frame = NomadJson.parse(line);
                if (frame.path("Index").isNumber()) index = Math.max(index, frame.get("Index").asLong());
                Set<String> jobs = new LinkedHashSet<>();
                for (JsonNode e : frame.path("Events")) {
                    String job = jobOf(e);
                    if (job != null) jobs.add(job);
                }
                for (String job : jobs) diff.changed(job, eventMessage(frame, job));
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
        if (next != index) diff.resync();
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

    private long pause(long backoff, Exception e) {
        LOG.debug("Nomad watch reconnects in {} ms: {}", backoff, e.toString());
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            diff.close();
        }
        return Math.min(backoff * 2, 10_000);
    }

    private void release() {
        InputStream in = open;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
    }

    @Override
    public void close() {
        diff.close();
    }
}
