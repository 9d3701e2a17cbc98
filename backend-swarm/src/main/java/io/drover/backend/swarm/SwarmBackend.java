package io.drover.backend.swarm;

import io.drover.spi.support.ExposureRule;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.drover.api.ApplyResult;
import io.drover.api.BackendInfo;
import io.drover.api.Capability;
import io.drover.api.Downgrade;
import io.drover.api.Endpoint;
import io.drover.api.LogLine;
import io.drover.api.LogOptions;
import io.drover.api.RenderFormat;
import io.drover.api.SecretValue;
import io.drover.api.Selector;
import io.drover.api.ServiceRef;
import io.drover.api.ServiceStatus;
import io.drover.spi.support.ConflictRetry;
import io.drover.spi.support.NamespacedNames;
import io.drover.api.Watch;
import io.drover.api.WatchListener;
import io.drover.api.error.BackendUnavailableException;
import io.drover.api.error.ConflictException;
import io.drover.api.error.DroverException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.api.spec.Violation;
import io.drover.spi.Backend;
import io.drover.spi.Labels;
import io.drover.spi.SpecFingerprint;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Drover on Docker Swarm, through docker-java (httpclient5 transport). The engine it talks to must
 * be a swarm manager.
 *
 * <p>What it can do ({@link #capabilities()}, listed one by one): all but separate probes (Swarm has one health
 * check: the readiness probe, else the liveness probe, becomes it; it holds new tasks back until
 * healthy and replaces unhealthy ones), startup probes, secrets in environment variables (Swarm
 * mounts secrets as files only), refusing root without a user (no such switch) and a load balancer
 * (see below). In lenient mode {@link #downgrade} maps those to the nearest thing Swarm has.
 *
 * <p>Ports and exposure. Swarm balances only through its ingress routing mesh, which needs IPVS on
 * every node and is missing on many hosts (and on this project's test machines), so Drover does
 * not rely on it: declared ports are published in {@code host} mode, each task on its own host port
 * (or the pinned {@code hostPort}), so instances are reachable one by one, and
 * {@code loadBalancer} exposure is lacking (lenient mode exposes as {@code nodePort} instead).
 * {@code nodePort} returns the node address and host port of every ready instance (the client
 * picks one); with the swarm extension's {@code publishMode: ingress} the ports go on the mesh and
 * one address per port is returned. {@code internal} returns the service's name and port on its
 * networks (reachable from other services on them only).
 *
 * <p>Operations: {@code apply} compares the {@code io.drover/spec-hash} label (a replica-only change
 * scales without a new revision) and always sends the whole desired spec; {@code rollback} is the
 * engine's own ({@code rollback=previous}); {@code list} makes three calls whatever the number of
 * services (services, tasks, nodes); {@code watch} follows the Docker events stream. Thread-safe.
 */
public final class SwarmBackend implements Backend {
    /** The backend's name. */
    public static final String NAME = "swarm";

    /** What Swarm can do, listed one by one: a capability added to Drover is not granted until it is listed here. */
    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(
            Capability.IMAGE_ENTRYPOINT,
            Capability.PROBE_HTTP, Capability.PROBE_TCP, Capability.PROBE_EXEC, Capability.READINESS_PROBE, Capability.LIVENESS_PROBE,
            Capability.EXPOSE_INTERNAL, Capability.EXPOSE_NODE_PORT, Capability.HOST_PORT, Capability.UDP,
            Capability.RESOURCE_REQUESTS, Capability.RESOURCE_LIMITS,
            Capability.UPDATE_START_FIRST, Capability.UPDATE_STOP_FIRST, Capability.AUTO_ROLLBACK, Capability.MANUAL_ROLLBACK,
            Capability.PLACEMENT_CONSTRAINTS, Capability.PLACEMENT_SPREAD, Capability.MAX_PER_NODE,
            Capability.SECRETS_FILE, Capability.SECRET_STORE,
            Capability.RUN_AS_USER, Capability.READ_ONLY_ROOT_FS, Capability.LINUX_CAPABILITIES,
            Capability.RESTART_ON_FAILURE, Capability.RESTART_NEVER, Capability.RESTART_MAX_ATTEMPTS,
            Capability.LOGS, Capability.WATCH));

    private final SwarmConfig config;
    private final DockerHttpClient http;
    private final DockerClient docker;
    private final EngineApi api;
    private final SwarmTranslator translator = new SwarmTranslator();
    private final SwarmStatusMapper statusMapper;
    private final SwarmErrorMapper errors;
    private final SwarmSecrets secrets;
    private final List<SwarmWatch> watches = new CopyOnWriteArrayList<>();
    private volatile String localNodeId;

    /** A backend for the engine {@code config} describes. Connects lazily: nothing is sent until the first operation. */
    @Inject
    public SwarmBackend(SwarmConfig config) {
        this(config, httpClient(config));
    }

    /** A backend whose transport is wrapped by {@code transport} (tests count the requests with it). */
    SwarmBackend(SwarmConfig config, java.util.function.UnaryOperator<DockerHttpClient> transport) {
        this(config, transport.apply(httpClient(config)));
    }

    /**
     * A backend for the engine {@code config} describes that sends every Engine API call through
     * {@code http} (for instance a wrapper that counts or delays calls); closing the backend closes it.
     */
    public SwarmBackend(SwarmConfig config, DockerHttpClient http) {
        this.config = config;
        this.http = http;
        this.docker = DockerClientImpl.getInstance(config.toDockerClientConfig(), http);
        this.api = new EngineApi(http, SwarmJson.NATIVE);
        this.statusMapper = new SwarmStatusMapper(config.publishedHost());
        this.errors = new SwarmErrorMapper(config.dockerHost().toString());
        this.secrets = new SwarmSecrets(api);
    }

    /** The transport the one-argument constructor uses: docker-java's Apache HttpClient 5 client for {@code config}. */
    public static DockerHttpClient httpClient(SwarmConfig config) {
        return new ApacheDockerHttpClient.Builder()
                .dockerHost(config.dockerHost())
                .sslConfig(config.toDockerClientConfig().getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(config.connectTimeout())
                .build();
    }

    /** A backend configured from the environment (DOCKER_HOST and friends). */
    public static SwarmBackend fromEnvironment() {
        return new SwarmBackend(SwarmConfig.fromEnvironment());
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
    public List<Violation> validate(ServiceSpec spec) {
        return SwarmSpecRules.validate(spec);
    }

    @Override
    public BackendInfo info() {
        return call("info", null, () -> {
            Version version = docker.versionCmd().exec();
            Info info = docker.infoCmd().exec();
            Map<String, String> details = new LinkedHashMap<>();
            details.put("apiVersion", version.getApiVersion());
            details.put("dockerHost", config.dockerHost().toString());
            if (info.getSwarm() != null) {
                details.put("swarmState", String.valueOf(info.getSwarm().getLocalNodeState()));
                details.put("swarmManager", String.valueOf(info.getSwarm().getControlAvailable()));
                if (info.getSwarm().getNodes() != null) details.put("swarmNodes", info.getSwarm().getNodes().toString());
                if (info.getSwarm().getNodeID() != null) details.put("nodeId", info.getSwarm().getNodeID());
            }
            String client = DockerClientImpl.class.getPackage().getImplementationVersion();
            return new BackendInfo(NAME, "docker-java " + (client == null ? "3.x" : client), version.getVersion(), CAPABILITIES, details);
        });
    }

    @Override
    public ApplyResult apply(ServiceSpec given, Map<String, SecretValue> secretValues) {
        String nativeName = NamespacedNames.nativeName(given.ref());
        return ConflictRetry.run(() -> call("apply", given.name(), () -> {
            // 1. read the current state: one call
            Optional<SwarmDeployed> found = api.inspectService(nativeName).map(SwarmDeployed::of);
            SwarmDeployed current = found.map(d -> d.requireManaged("apply")).orElse(null);
            // ExposureRule: a spec without expose keeps the current exposure
            ServiceSpec spec = ExposureRule.resolve(given, current == null ? null : current.neutral());
            // 2. compare fingerprints: nothing to write, or only the replica count
            if (current != null && current.runs(specHash(spec, expectedBindings(spec, secretValues)))) {
                if (current.replicas() == spec.replicas()) return ApplyResult.of(spec.name(), current.revision(), ApplyResult.Change.UNCHANGED);
                api.updateService(current.id(), current.version(), current.withReplicas(spec.replicas()));
                return ApplyResult.of(spec.name(), current.revision(), ApplyResult.Change.SCALED);
            }
            // 3. translate to the desired native object (pure, once the secrets it names exist)
            Map<String, SwarmTranslator.SecretBinding> bindings = secrets.ensure(spec, secretValues);
            long revision = current == null ? 1 : current.revision() + 1;
            var desired = translator.toNative(spec, bindings, revision, specHash(spec, bindings),
                    current == null ? null : current.asPrevious());
            // 4. write
            if (current == null) {
                docker.createServiceCmd(desired).exec();
                return ApplyResult.of(spec.name(), revision, ApplyResult.Change.CREATED);
            }
            docker.updateServiceCmd(current.id(), desired).withVersion(current.version()).exec();
            if (!spec.secrets().isEmpty() || !current.secretNames().isEmpty()) {
                Set<String> keep = new HashSet<>(current.secretNames());
                bindings.values().forEach(b -> keep.add(b.dockerName()));
                secrets.prune(nativeName, keep);
            }
            return ApplyResult.of(spec.name(), revision, ApplyResult.Change.UPDATED);
        }));
    }

    @Override
    public Optional<ServiceStatus> status(ServiceRef ref) {
        String name = NamespacedNames.nativeName(ref);
        return call("status", name, () -> statusQuietly(name));
    }

    @Override
    public List<ServiceStatus> list(Selector selector) {
        return call("list", null, () -> listNow(selector));
    }

    private List<ServiceStatus> listNow(Selector selector) {
        Map<String, String> filter = new TreeMap<>(selector.labels());
        if (!selector.includeUnmanaged()) filter.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
        List<JsonNode> services;
        List<JsonNode> tasks;
        for (int attempt = 1; ; attempt++) {
            services = api.listServices(filter);
            String namespace = selector.namespaceOr(ServiceRef.DEFAULT);
            services = services.stream().filter(s -> {
                ServiceRef ref = NamespacedNames.parse(String.valueOf(SwarmJson.text(s.path("Spec"), "Name")));
                return ref.namespace().equals(namespace) && (selector.name() == null || selector.name().equals(ref.name()));
            }).toList();
            if (services.isEmpty()) return List.of();
            try {
                tasks = api.listTasks(services.stream().map(SwarmBackend::id).toList());
                break;
            } catch (com.github.dockerjava.api.exception.NotFoundException removedMeanwhile) {
                // a listed service was removed before its tasks were asked for: list again
                if (attempt == 3) throw removedMeanwhile;
            }
        }
        Map<String, List<JsonNode>> tasksByService = new HashMap<>();
        for (JsonNode t : tasks) {
            tasksByService.computeIfAbsent(SwarmJson.text(t, "ServiceID"), k -> new ArrayList<>()).add(t);
        }
        Map<String, JsonNode> nodes = nodes();
        List<ServiceStatus> out = new ArrayList<>();
        for (JsonNode s : services) out.add(statusMapper.map(s, tasksByService.getOrDefault(id(s), List.of()), nodes));
        out.sort(java.util.Comparator.comparing(ServiceStatus::name));
        return out;
    }

    @Override
    public void scale(ServiceRef ref, int replicas) {
        String name = NamespacedNames.nativeName(ref);
        ConflictRetry.run(() -> call("scale", name, () -> {
            SwarmDeployed current = read(name, "scale");
            api.updateService(current.id(), current.version(), current.withReplicas(replicas));
            return null;
        }));
    }

    @Override
    public List<Endpoint> expose(ServiceRef ref, ExposeSpec expose) {
        String name = NamespacedNames.nativeName(ref);
        return ConflictRetry.run(() -> call("expose", name, () -> {
            SwarmDeployed current = read(name, "expose").requireManaged("expose");
            ServiceSpec neutral = current.neutral();
            ServiceSpec exposed = neutral.toBuilder().expose(expose).build();
            Map<String, SwarmTranslator.SecretBinding> bindings = current.bindings(neutral);
            docker.updateServiceCmd(current.id(), translator.toNative(exposed, bindings, current.revision(), specHash(exposed, bindings),
                    current.kept())).withVersion(current.version()).exec();
            SwarmDeployed updated = read(name, "expose");
            ServiceStatus status = statusMapper.map(updated.service(), api.listTasks(List.of(updated.id())), nodes());
            return status.endpoints();
        }));
    }

    @Override
    public long rollback(ServiceRef ref) {
        String name = NamespacedNames.nativeName(ref);
        // the engine bumps a service's version when its update status changes, so a fresh version can
        // still be stale a moment later: every read-modify-write here runs again on such a conflict
        return ConflictRetry.run(() -> rollbackOnce(name));
    }

    private long rollbackOnce(String name) {
        return call("rollback", name, () -> {
            SwarmDeployed current = read(name, "rollback");
            String enginePrevious = current.enginePreviousRevision();
            if (enginePrevious != null) {
                // the engine's own rollback: its previous spec is another revision with the same exposure
                api.rollbackService(current.id(), current.version(), current.nativeSpec());
                return Long.parseLong(enginePrevious);
            }
            // the engine's previous spec is this revision (a scale or an exposure came since), or had another
            // exposure: use the template Drover kept
            SwarmTranslator.PreviousRevision kept = current.kept();
            if (kept == null) {
                throw new ConflictException("service '" + name + "' has no previous revision to roll back to"
                        + (current.rolledBackByEngine() ? " (Swarm already rolled its last update back)" : ""),
                        NAME, "rollback", name, null, false, null);
            }
            // ExposureRule: the previous template, with the current exposure
            ServiceSpec target = ExposureRule.rollback(kept.spec(), current.neutral()).withReplicas(current.replicas());
            docker.updateServiceCmd(current.id(), translator.toNative(target, kept.secrets(), kept.revision(),
                    specHash(target, kept.secrets()), current.asPrevious())).withVersion(current.version()).exec();
            return kept.revision();
        });
    }

    /** The service called {@code name}, read once, or a {@link ServiceNotFoundException}. */
    private SwarmDeployed read(String name, String operation) {
        return api.inspectService(name).map(SwarmDeployed::of).orElseThrow(() -> new ServiceNotFoundException(NAME, operation, name));
    }

    @Override
    public boolean delete(ServiceRef ref) {
        String name = NamespacedNames.nativeName(ref);
        return call("delete", name, () -> {
            Optional<JsonNode> service = api.inspectService(name);
            boolean existed = false;
            if (service.isPresent()) {
                try {
                    docker.removeServiceCmd(id(service.get())).exec();
                    existed = true;
                } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
                    // removed meanwhile: idempotent
                }
            }
            removeSecretsOf(name);
            return existed;
        });
    }

    private void removeSecretsOf(String name) {
        // the engine lets go of a removed service's secrets at once, but give it a few tries
        for (int attempt = 0; attempt < 5; attempt++) {
            secrets.prune(name, Set.of());
            if (api.listSecrets(Map.of(Labels.SERVICE, name, Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)).isEmpty()) return;
            try {
                Thread.sleep(200L << attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public Stream<LogLine> logs(ServiceRef ref, LogOptions options) {
        String name = NamespacedNames.nativeName(ref);
        return call("logs", name, () -> {
            JsonNode service = api.inspectService(name).orElseThrow(() -> new ServiceNotFoundException(NAME, "logs", name));
            String serviceId = id(service);
            Map<String, String> instances = new java.util.concurrent.ConcurrentHashMap<>();
            Consumer<List<JsonNode>> learn = tasks -> tasks.forEach(t -> instances.put(SwarmJson.text(t, "ID"), SwarmStatusMapper.instanceId(t)));
            learn.accept(api.listTasks(List.of(serviceId)));
            return SwarmLogs.open(api, serviceId, options, t -> errors.map(t, "logs", name), taskId -> {
                if (!instances.containsKey(taskId)) learn.accept(api.listTasks(List.of(serviceId))); // a task newer than the stream
                return instances.getOrDefault(taskId, taskId);
            });
        });
    }

    @Override
    public Watch watch(Selector selector, WatchListener listener) {
        return call("watch", null, () -> {
            Selector resolved = selector.withNamespaceOr(ServiceRef.DEFAULT);
            SwarmWatch w = new SwarmWatch(docker, resolved, listener, native_ -> call("status", native_, () -> statusQuietly(native_)),
                    () -> list(resolved),
                    e -> errors.map(e, "watch", null));
            watches.add(w);
            w.onClose(() -> watches.remove(w));
            try {
                return w.start();
            } catch (RuntimeException e) {
                w.close();
                throw e;
            }
        });
    }

    private Optional<ServiceStatus> statusQuietly(String name) {
        return api.inspectService(name).map(service -> {
            List<JsonNode> tasks = api.listTasks(List.of(id(service)));
            return statusMapper.map(service, tasks, nodes(), health(tasks));
        });
    }

    /**
     * The health of the not yet running tasks' containers on the manager's own node (the only ones
     * it can inspect): one call per such task, for status of one service only, never for list.
     */
    private Map<String, SwarmStatusMapper.TaskHealth> health(List<JsonNode> tasks) {
        Map<String, SwarmStatusMapper.TaskHealth> out = new HashMap<>();
        String local = localNodeId();
        for (JsonNode t : tasks) {
            JsonNode status = t.path("Status");
            String container = SwarmJson.text(status.path("ContainerStatus"), "ContainerID");
            if (container == null || local == null || !local.equals(SwarmJson.text(t, "NodeID"))) continue;
            if (!"starting".equals(SwarmJson.text(status, "State")) || !"running".equals(SwarmJson.text(t, "DesiredState"))) continue;
            try {
                var state = docker.inspectContainerCmd(container).exec().getState();
                var h = state == null ? null : state.getHealth();
                if (h == null) continue;
                String last = h.getLog() == null || h.getLog().isEmpty() ? null : h.getLog().get(h.getLog().size() - 1).getOutput();
                out.put(SwarmJson.text(t, "ID"), new SwarmStatusMapper.TaskHealth(h.getStatus(),
                        h.getFailingStreak() == null ? 0 : h.getFailingStreak(), last));
            } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
                // the container went away meanwhile
            }
        }
        return out;
    }

    private String localNodeId() {
        String id = localNodeId;
        if (id == null) {
            Info info = docker.infoCmd().exec();
            id = info.getSwarm() == null ? null : info.getSwarm().getNodeID();
            localNodeId = id;
        }
        return id;
    }

    @Override
    public String render(ServiceSpec spec, RenderFormat format) {
        return translator.render(spec, format);
    }

    @Override
    public ServiceSpec importNative(String text) {
        return translator.importNative(text);
    }

    /** Lenient mode on Swarm: see {@link SwarmDowngrades}. */
    @Override
    public ServiceSpec downgrade(ServiceSpec spec, Set<Capability> missing, List<Downgrade> downgrades) {
        return SwarmDowngrades.downgrade(spec, missing, downgrades);
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(docker)) return type.cast(docker);
        if (type.isInstance(http)) return type.cast(http);
        if (type == SwarmConfig.class) return type.cast(config);
        throw new IllegalArgumentException("the swarm backend has no " + type.getName()
                + " (it has com.github.dockerjava.api.DockerClient, DockerHttpClient and SwarmConfig)");
    }

    @Override
    public void close() {
        BackendUnavailableException closed = new BackendUnavailableException("the swarm backend was closed, which ends its watches",
                NAME, "watch", null, null, false, null);
        List.copyOf(watches).forEach(w -> w.fail(closed));
        try {
            docker.close();
        } catch (IOException ignored) {
            // closing a client whose connections are gone
        }
    }

    @Override
    public String toString() {
        return "SwarmBackend[" + config.dockerHost() + "]";
    }

    // ------------------------------------------------------------------ internals

    private <T> T call(String operation, String service, Supplier<T> body) {
        try {
            return body.get();
        } catch (DroverException e) {
            throw e;
        } catch (RuntimeException e) {
            throw errors.map(e, operation, service);
        }
    }

    private Map<String, JsonNode> nodes() {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode n : api.listNodes()) out.put(SwarmJson.text(n, "ID"), n);
        return out;
    }

    /** The spec's fingerprint, covering the Docker secret names (which carry the values' fingerprints). */
    static String specHash(ServiceSpec spec, Map<String, SwarmTranslator.SecretBinding> bindings) {
        String base = SpecFingerprint.of(spec);
        if (bindings.isEmpty()) return base;
        StringBuilder sb = new StringBuilder(base);
        new TreeMap<>(bindings).forEach((k, v) -> sb.append('\n').append(k).append('=').append(v.dockerName()));
        return SpecFingerprint.digest(sb.toString());
    }

    /** The bindings {@code apply} would make, without creating anything (ids unknown). */
    private static Map<String, SwarmTranslator.SecretBinding> expectedBindings(ServiceSpec spec, Map<String, SecretValue> values) {
        Map<String, SwarmTranslator.SecretBinding> out = new TreeMap<>();
        for (SecretRef ref : spec.secrets()) {
            SecretValue v = values.get(ref.name());
            String dockerName = ref.hasSource() && v != null
                    ? SwarmTranslator.dockerSecretName(SwarmTranslator.nativeName(spec), ref.name(), v.fingerprint()) : ref.name();
            out.put(ref.name(), new SwarmTranslator.SecretBinding(null, dockerName));
        }
        return out;
    }

    private static String id(JsonNode service) {
        return SwarmJson.text(service, "ID");
    }
}
