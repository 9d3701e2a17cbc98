package io.drover.backend.nomad;

import io.drover.spi.support.ExposureRule;
import static io.drover.backend.nomad.NomadJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.nomad.apimodel.Job;
import com.hashicorp.nomad.javasdk.NomadApiClient;
import com.hashicorp.nomad.javasdk.NomadApiConfiguration;
import com.hashicorp.nomad.javasdk.QueryOptions;
import com.hashicorp.nomad.javasdk.WriteOptions;
import io.drover.api.ApplyResult;
import io.drover.api.BackendInfo;
import io.drover.api.Capability;
import io.drover.api.Endpoint;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import io.drover.api.RenderFormat;
import io.drover.api.SecretValue;
import io.drover.api.Selector;
import io.drover.api.ServiceRef;
import io.drover.api.ServiceStatus;
import io.drover.api.Watch;
import io.drover.api.WatchListener;
import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.ConflictException;
import io.drover.api.error.DroverException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.api.spec.Violation;
import io.drover.spi.Backend;
import io.drover.spi.Labels;
import io.drover.spi.SpecFingerprint;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Drover on HashiCorp Nomad: one service is one job of type {@code service} (see
 * {@link NomadTranslator}). The nomad-sdk (shaded into this jar with its own Jackson and Apache
 * HttpClient) carries the calls it has: job scale ({@code /v1/job/:id/scale}), versions, revert and
 * deregister; raw HTTP ({@link NomadHttp}, same address, token, namespace, region and TLS) carries
 * what the SDK lacks or models incompletely: register with Drover's own job JSON, the job list with
 * meta, allocations, deployments, evaluations and nodes as JSON for the status mapper, job services,
 * variables, logs and the event stream.
 *
 * <p>{@code apply} compares the job's {@code io.drover/spec-hash} meta: equal and only the count
 * differs, it scales; different, it writes the secrets' variable and registers the job with the
 * next revision. {@code list} makes five calls whatever the number of services (jobs with meta,
 * allocations, deployments, evaluations, nodes); {@code status} six for one (the job, its
 * allocations, deployments, evaluations and services, and the nodes). {@code rollback} reverts to
 * the newest stable version before the current one. {@code expose} re-registers the job with the new
 * exposure (same revision) and returns the addresses of its service registrations. {@code delete}
 * deregisters with {@code purge} and removes Drover's variable. Thread-safe.
 */
public final class NomadBackend implements Backend {
    /** The backend's name. */
    public static final String NAME = "nomad";

    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(
            Capability.IMAGE_ENTRYPOINT, Capability.PROBE_HTTP, Capability.PROBE_TCP, Capability.PROBE_EXEC,
            Capability.READINESS_PROBE, Capability.LIVENESS_PROBE, Capability.EXPOSE_INTERNAL, Capability.EXPOSE_NODE_PORT,
            Capability.HOST_PORT, Capability.UDP, Capability.RESOURCE_REQUESTS, Capability.RESOURCE_LIMITS,
            Capability.UPDATE_START_FIRST, Capability.UPDATE_STOP_FIRST, Capability.AUTO_ROLLBACK, Capability.MANUAL_ROLLBACK,
            Capability.PLACEMENT_CONSTRAINTS, Capability.PLACEMENT_SPREAD, Capability.MAX_PER_NODE,
            Capability.SECRETS_ENV, Capability.SECRETS_FILE, Capability.SECRET_STORE, Capability.RUN_AS_USER,
            Capability.READ_ONLY_ROOT_FS, Capability.LINUX_CAPABILITIES, Capability.RESTART_NEVER, Capability.RESTART_MAX_ATTEMPTS,
            Capability.LOGS, Capability.WATCH));

    private final NomadConfig config;
    private final NomadHttp http;
    private final NomadApiClient sdk;
    private final NomadTranslator translator = new NomadTranslator();
    private final NomadStatusMapper mapper;
    private final NomadErrorMapper errors;
    private final Set<NomadWatch> watches = ConcurrentHashMap.newKeySet();

    /** A backend for the agent {@code config} describes. */
    @Inject
    public NomadBackend(NomadConfig config) {
        this.config = config;
        this.http = new NomadHttp(config);
        this.errors = new NomadErrorMapper(config.baseUrl());
        this.mapper = new NomadStatusMapper(config.address().getHost());
        NomadApiConfiguration.Builder b = new NomadApiConfiguration.Builder().setAddress(config.baseUrl());
        if (config.token() != null) b.setAuthToken(config.token());
        if (config.region() != null) b.setRegion(config.region());
        if (config.caCert() != null) b.setTlsCaFile(config.caCert());
        if (config.clientCert() != null) b.setTlsCertAndKeyFiles(config.clientCert(), config.clientKey());
        if (config.skipVerify()) b.setTlsSkipVerify(true);
        this.sdk = new NomadApiClient(b.build());
    }

    /** A backend configured by the NOMAD_* environment variables. */
    public static NomadBackend fromEnvironment() {
        return new NomadBackend(NomadConfig.fromEnvironment());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public BackendInfo info() {
        return call("info", null, () -> {
            JsonNode self = http.get("/v1/agent/self", Map.of(), null).body();
            Map<String, String> details = new LinkedHashMap<>();
            details.put("address", config.baseUrl());
            details.put("namespace", config.namespace());
            if (config.region() != null) details.put("region", config.region());
            String version = text(self.path("config").path("Version"), "Version");
            return new BackendInfo(NAME, "nomad-sdk 0.11.3.0 (shaded) + HTTP API v1", version, CAPABILITIES, details);
        });
    }

    @Override
    public List<Violation> validate(ServiceSpec spec) {
        return NomadSpecRules.validate(spec);
    }

    @Override
    public ApplyResult apply(ServiceSpec given, Map<String, SecretValue> secrets) {
        String ns = NomadTranslator.namespaceOf(given, config.namespace());
        return call("apply", given.name(), () -> {
            JsonNode current = readJob(given.name(), ns);
            // ExposureRule: a spec without expose keeps the job's current exposure
            ServiceSpec spec = ExposureRule.resolve(given, current == null ? null : NomadPolicies.readExpose(
                    NomadTranslator.parseHints(NomadJson.stringMap(current.path("Meta")).get(NomadTranslator.HINTS)).path("expose")));
            String hash = SpecFingerprint.of(spec, secrets);
            if (current != null) {
                Map<String, String> meta = NomadJson.stringMap(current.path("Meta"));
                int count = current.path("TaskGroups").path(0).path("Count").asInt(-1);
                long revision = parseLong(meta.get(Labels.REVISION));
                if (hash.equals(meta.get(Labels.SPEC_HASH)) && !Boolean.TRUE.equals(current.path("Stop").asBoolean(false))) {
                    if (count == spec.replicas()) return ApplyResult.of(spec.name(), revision, ApplyResult.Change.UNCHANGED);
                    scaleGroup(spec.name(), ns, spec.replicas());
                    return ApplyResult.of(spec.name(), revision, ApplyResult.Change.SCALED);
                }
                register(spec, ns, secrets, revision + 1, hash);
                return ApplyResult.of(spec.name(), revision + 1, ApplyResult.Change.UPDATED);
            }
            register(spec, ns, secrets, 1, hash);
            return ApplyResult.of(spec.name(), 1, ApplyResult.Change.CREATED);
        });
    }

    private void register(ServiceSpec spec, String ns, Map<String, SecretValue> secrets, long revision, String hash) throws IOException {
        ObjectNode variable = NomadSecrets.variable(spec, ns, secrets);
        if (variable != null) http.write("PUT", "/v1/var/" + NomadSecrets.droverPath(spec), Map.of(), ns, variable);
        ObjectNode payload = NomadJson.object();
        payload.set("Job", translator.toJob(spec, ns, revision, hash, true));
        http.write("POST", "/v1/jobs", Map.of(), ns, payload);
    }

    @Override
    public Optional<ServiceStatus> status(ServiceRef ref) {
        return status(ref.name(), ns(ref));
    }

    /** The status with its namespace: the job's own, else the one it was read from. */
    private static ServiceStatus inNamespace(ServiceStatus s, String ns) {
        return s.namespace() != null || ns == null ? s : s.withNamespace(ns);
    }

    private String ns(ServiceRef ref) {
        return ref.namespaceOr(config.namespace());
    }

    private Optional<ServiceStatus> status(String name, String ns) {
        return call("status", name, () -> {
            JsonNode job = readJob(name, ns);
            if (job == null) return Optional.empty();
            String base = "/v1/job/" + name;
            List<JsonNode> allocs = items(http.get(base + "/allocations", Map.of(), ns).body());
            List<JsonNode> deployments = items(http.get(base + "/deployments", Map.of(), ns).body());
            List<JsonNode> evals = items(http.get(base + "/evaluations", Map.of(), ns).body());
            List<JsonNode> services = items(http.get(base + "/services", Map.of(), ns).body());
            NomadStatusMapper.JobView view = new NomadStatusMapper.JobView(job, allocs, deployments, evals, downNodes(), services);
            return Optional.of(inNamespace(mapper.status(view, null), ns));
        });
    }

    @Override
    public List<ServiceStatus> list(Selector selector) {
        String ns = selector.namespaceOr(config.namespace());
        return call("list", null, () -> {
            List<JsonNode> jobs = items(http.get("/v1/jobs", Map.of("meta", "true"), ns).body());
            Map<String, List<JsonNode>> allocs = byJob(items(http.get("/v1/allocations", Map.of(), ns).body()));
            Map<String, List<JsonNode>> deployments = byJob(items(http.get("/v1/deployments", Map.of(), ns).body()));
            Map<String, List<JsonNode>> evals = byJob(items(http.get("/v1/evaluations", Map.of(), ns).body()));
            Set<String> down = downNodes();
            List<ServiceStatus> out = new ArrayList<>();
            for (JsonNode job : jobs) {
                Map<String, String> meta = NomadJson.stringMap(job.path("Meta"));
                boolean managed = Labels.MANAGED_BY_VALUE.equals(meta.get(Labels.MANAGED_BY));
                if (!managed && !selector.includeUnmanaged() || !selector.matches(text(job, "ID"), meta) || !"service".equals(text(job, "Type"))) continue;
                String id = text(job, "ID");
                NomadStatusMapper.JobView view = new NomadStatusMapper.JobView(job, allocs.getOrDefault(id, List.of()),
                        deployments.getOrDefault(id, List.of()), evals.getOrDefault(id, List.of()), down, List.of());
                out.add(inNamespace(mapper.status(view, null), ns));
            }
            return out;
        });
    }

    @Override
    public void scale(ServiceRef ref, int replicas) {
        String name = ref.name();
        String ns = ns(ref);
        call("scale", name, () -> {
            if (readJob(name, ns) == null) throw new ServiceNotFoundException(NAME, "scale", name);
            scaleGroup(name, ns, replicas);
            return null;
        });
    }

    private void scaleGroup(String name, String ns, int replicas) throws IOException, com.hashicorp.nomad.javasdk.NomadException {
        sdk.getJobsApi().scaleGroup(name, name, replicas, "drover scale to " + replicas, null, new WriteOptions(config.region()).setNamespace(ns));
    }

    @Override
    public List<Endpoint> expose(ServiceRef ref, ExposeSpec expose) {
        String name = ref.name();
        String ns = ns(ref);
        return call("expose", name, () -> {
            JsonNode job = readJob(name, ns);
            if (job == null) throw new ServiceNotFoundException(NAME, "expose", name);
            Map<String, String> meta = NomadJson.stringMap(job.path("Meta"));
            String applied = meta.get(NomadTranslator.SPEC);
            if (applied == null) throw new ConflictException("job " + name + " was not applied by Drover: it has no io.drover/spec meta",
                    NAME, "expose", name, null, false, null);
            ServiceSpec spec = SpecIO.read(applied).toBuilder().expose(expose)
                    .replicas(job.path("TaskGroups").path(0).path("Count").asInt(1)).build();
            ObjectNode payload = NomadJson.object();
            payload.set("Job", translator.toJob(spec, ns, parseLong(meta.get(Labels.REVISION)), SpecFingerprint.of(spec), true));
            http.write("POST", "/v1/jobs", Map.of(), ns, payload);
            List<JsonNode> services = items(http.get("/v1/job/" + name + "/services", Map.of(), ns).body());
            NomadStatusMapper.JobView view = new NomadStatusMapper.JobView(payload.get("Job"), List.of(), List.of(), List.of(), Set.of(), services);
            return mapper.status(view, spec.replicas()).endpoints();
        });
    }

    @Override
    public long rollback(ServiceRef ref) {
        String name = ref.name();
        String ns = ns(ref);
        return call("rollback", name, () -> {
            if (readJob(name, ns) == null) throw new ServiceNotFoundException(NAME, "rollback", name);
            List<Job> versions = sdk.getJobsApi().versions(name, queryOptions(ns)).getValue().getVersions();
            BigInteger current = versions.stream().map(Job::getVersion).max(BigInteger::compareTo).orElse(BigInteger.ZERO);
            Job previous = versions.stream().filter(j -> j.getVersion().compareTo(current) < 0 && Boolean.TRUE.equals(j.getStable()))
                    .max((a, b) -> a.getVersion().compareTo(b.getVersion())).orElse(null);
            if (previous == null) {
                throw new ConflictException("job " + name + " has no stable version before version " + current + " to go back to",
                        NAME, "rollback", name, null, false, null);
            }
            sdk.getJobsApi().revert(name, previous.getVersion(), current, new WriteOptions(config.region()).setNamespace(ns));
            Map<String, String> meta = previous.getMeta() == null ? Map.of() : previous.getMeta();
            return parseLong(meta.get(Labels.REVISION));
        });
    }

    @Override
    public boolean delete(ServiceRef ref) {
        String name = ref.name();
        String ns = ns(ref);
        return call("delete", name, () -> {
            if (readJob(name, ns) == null) return false;
            sdk.getJobsApi().deregister(name, true, new WriteOptions(config.region()).setNamespace(ns));
            try {
                http.write("DELETE", "/v1/var/nomad/jobs/" + name + "/" + name, Map.of(), ns, null);
            } catch (NomadHttpException e) {
                if (e.status() != 404) throw e;
            }
            return true;
        });
    }

    @Override
    public Stream<LogLine> logs(ServiceRef ref, LogOptions options) {
        String name = ref.name();
        String ns = ns(ref);
        return call("logs", name, () -> {
            if (readJob(name, ns) == null) throw new ServiceNotFoundException(NAME, "logs", name);
            List<String> allocs = new ArrayList<>();
            for (JsonNode a : items(http.get("/v1/job/" + name + "/allocations", Map.of(), ns).body())) {
                String id = text(a, "ID");
                boolean live = !"pending".equals(text(a, "ClientStatus"));
                if (live && (options.instance() == null || options.instance().equals(id))) allocs.add(id);
            }
            return NomadLogs.read(http, ns, name, allocs, options);
        });
    }

    @Override
    public Watch watch(Selector selector, WatchListener listener) {
        Selector resolved = selector.withNamespaceOr(config.namespace());
        NomadWatch w = new NomadWatch(http, resolved.namespace(), resolved, listener, name -> status(name, resolved.namespace()),
                () -> list(resolved),
                e -> errors.map(e, "watch", null));
        watches.add(w);
        return w.start(() -> watches.remove(w));
    }

    @Override
    public String render(ServiceSpec spec, RenderFormat format) {
        return translator.render(spec, format);
    }

    @Override
    public ServiceSpec importNative(String text) {
        return translator.importNative(text);
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(sdk)) return type.cast(sdk);
        if (type == NomadConfig.class) return type.cast(config);
        throw new IllegalArgumentException("the Nomad backend has no " + type.getName() + "; it offers NomadApiClient (nomad-sdk) and NomadConfig");
    }

    @Override
    public void close() {
        BackendUnavailableException closed = new BackendUnavailableException("the nomad backend was closed, which ends its watches",
                NAME, "watch", null, null, false, null);
        for (NomadWatch w : List.copyOf(watches)) w.fail(closed);
        try {
            sdk.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    // ---- helpers

    private JsonNode readJob(String name, String ns) throws IOException {
        try {
            return http.get("/v1/job/" + name, Map.of(), ns).body();
        } catch (NomadHttpException e) {
            if (e.status() == 404) return null;
            throw e;
        }
    }

    private Set<String> downNodes() throws IOException {
        Set<String> down = new java.util.HashSet<>();
        for (JsonNode n : items(http.get("/v1/nodes", Map.of(), null).body())) {
            if ("down".equals(text(n, "Status")) || "disconnected".equals(text(n, "Status"))) down.add(text(n, "ID"));
        }
        return down;
    }

    private <T> QueryOptions<T> queryOptions(String ns) {
        return new QueryOptions<T>().setNamespace(ns).setRegion(config.region());
    }

    private static List<JsonNode> items(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        if (array != null && array.isArray()) array.forEach(out::add);
        return out;
    }

    private static Map<String, List<JsonNode>> byJob(List<JsonNode> items) {
        Map<String, List<JsonNode>> out = new HashMap<>();
        for (JsonNode n : items) out.computeIfAbsent(String.valueOf(text(n, "JobID")), k -> new ArrayList<>()).add(n);
        return out;
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private <T> T call(String operation, String service, Call<T> call) {
        try {
            return call.run();
        } catch (DroverException e) {
            throw e;
        } catch (Exception e) {
            throw errors.map(e, operation, service);
        }
    }
}
