package io.drover.backend.swarm;

import io.drover.spi.support.ExposureRule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
            Optional<JsonNode> existing = api.inspectService(nativeName);
            if (existing.isEmpty()) {
                ServiceSpec spec = ExposureRule.resolve(given, (ExposeSpec) null);
                Map<String, SwarmTranslator.SecretBinding> bindings = secrets.ensure(spec, secretValues);
                String hash = specHash(spec, bindings);
                docker.createServiceCmd(translator.toNative(spec, bindings, 1, hash)).exec();
                return ApplyResult.of(spec.name(), 1, ApplyResult.Change.CREATED);
            }
            JsonNode service = existing.get();
            JsonNode current = service.path("Spec");
            Map<String, String> labels = SwarmJson.stringMap(current.path("Labels"));
            requireManaged(nativeName, labels, "apply");
            ServiceSpec currentNeutral = labels.containsKey(SwarmTranslator.SPEC_LABEL) ? SpecIO.read(labels.get(SwarmTranslator.SPEC_LABEL)) : null;
            // ExposureRule: a spec without expose keeps the current exposure
            ServiceSpec spec = ExposureRule.resolve(given, currentNeutral);
            long revision = Long.parseLong(labels.getOrDefault(Labels.REVISION, "0"));
            String expectedHash = specHash(spec, expectedBindings(spec, secretValues));
            if (expectedHash.equals(labels.get(Labels.SPEC_HASH))) {
                if (replicas(current) == spec.replicas()) return ApplyResult.of(spec.name(), revision, ApplyResult.Change.UNCHANGED);
                api.updateService(id(service), version(service), withReplicas(current, spec.replicas()));
                return ApplyResult.of(spec.name(), revision, ApplyResult.Change.SCALED);
            }
            Map<String, SwarmTranslator.SecretBinding> bindings = secrets.ensure(spec, secretValues);
            long next = revision + 1;
            SwarmTranslator.PreviousRevision previous = new SwarmTranslator.PreviousRevision(currentNeutral, revision,
                    currentBindings(currentNeutral, current));
            docker.updateServiceCmd(id(service), translator.toNative(spec, bindings, next, specHash(spec, bindings), previous))
                    .withVersion(version(service)).exec();
            if (!spec.secrets().isEmpty() || !SwarmSecrets.referencedBy(current).isEmpty()) {
                Set<String> keep = new HashSet<>(SwarmSecrets.referencedBy(current));
                bindings.values().forEach(b -> keep.add(b.dockerName()));
                secrets.prune(nativeName, keep);
            }
            return ApplyResult.of(spec.name(), next, ApplyResult.Change.UPDATED);
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
            JsonNode service = api.inspectService(name).orElseThrow(() -> new ServiceNotFoundException(NAME, "scale", name));
            api.updateService(id(service), version(service), withReplicas(service.path("Spec"), replicas));
            return null;
        }));
    }

    @Override
    public List<Endpoint> expose(ServiceRef ref, ExposeSpec expose) {
        String name = NamespacedNames.nativeName(ref);
        return ConflictRetry.run(() -> call("expose", name, () -> {
            JsonNode service = api.inspectService(name).orElseThrow(() -> new ServiceNotFoundException(NAME, "expose", name));
            JsonNode current = service.path("Spec");
            Map<String, String> labels = SwarmJson.stringMap(current.path("Labels"));
            requireManaged(name, labels, "expose");
            ServiceSpec neutral = SpecIO.read(labels.get(SwarmTranslator.SPEC_LABEL));
            ServiceSpec exposed = neutral.toBuilder().expose(expose).build();
            Map<String, SwarmTranslator.SecretBinding> bindings = currentBindings(neutral, current);
            long revision = Long.parseLong(labels.getOrDefault(Labels.REVISION, "0"));
            docker.updateServiceCmd(id(service), translator.toNative(exposed, bindings, revision, specHash(exposed, bindings),
                    SwarmTranslator.PreviousRevision.fromLabels(labels))).withVersion(version(service)).exec();
            JsonNode updated = api.inspectService(name).orElseThrow(() -> new ServiceNotFoundException(NAME, "expose", name));
            ServiceStatus status = statusMapper.map(updated, api.listTasks(List.of(id(updated))), nodes());
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
            JsonNode service = api.inspectService(name).orElseThrow(() -> new ServiceNotFoundException(NAME, "rollback", name));
            Map<String, String> labels = SwarmJson.stringMap(service.path("Spec").path("Labels"));
            String revision = labels.getOrDefault(Labels.REVISION, "0");
            JsonNode previous = service.get("PreviousSpec");
            String previousRevision = previous == null || previous.isNull() ? null
                    : SwarmJson.stringMap(previous.path("Labels")).get(Labels.REVISION);
            boolean sameExposure = previous != null && !previous.isNull() && java.util.Objects.equals(
                    labels.get(SwarmTranslator.EXPOSE_LABEL), SwarmJson.stringMap(previous.path("Labels")).get(SwarmTranslator.EXPOSE_LABEL));
            if (previousRevision != null && !previousRevision.equals(revision) && sameExposure) {
                // the engine's own rollback: its previous spec is another revision with the same exposure
                api.rollbackService(id(service), version(service), service.path("Spec"));
                return Long.parseLong(previousRevision);
            }
            // the engine's previous spec is this revision (a scale or an exposure came since), or had another
            // exposure: use the template Drover kept
            SwarmTranslator.PreviousRevision kept = labels.containsKey(SwarmTranslator.SPEC_LABEL)
                    ? SwarmTranslator.PreviousRevision.fromLabels(labels) : null;
            if (kept == null) {
                throw new ConflictException("service '" + name + "' has no previous revision to roll back to"
                        + ("rollback_completed".equals(SwarmJson.text(service.path("UpdateStatus"), "State"))
                                ? " (Swarm already rolled its last update back)" : ""),
                        NAME, "rollback", name, null, false, null);
            }
            ServiceSpec currentNeutral = SpecIO.read(labels.get(SwarmTranslator.SPEC_LABEL));
            // ExposureRule: the previous template, with the current exposure
            ServiceSpec target = ExposureRule.rollback(kept.spec(), currentNeutral).withReplicas(replicas(service.path("Spec")));
            SwarmTranslator.PreviousRevision flip = new SwarmTranslator.PreviousRevision(currentNeutral,
                    Long.parseLong(revision), currentBindings(currentNeutral, service.path("Spec")));
            docker.updateServiceCmd(id(service), translator.toNative(target, kept.secrets(), kept.revision(),
                    specHash(target, kept.secrets()), flip)).withVersion(version(service)).exec();
            return kept.revision();
        });
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

    private static void requireManaged(String name, Map<String, String> labels, String operation) {
        if (!Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY)) || !labels.containsKey(SwarmTranslator.SPEC_LABEL)) {
            throw new ConflictException("a service named '" + name + "' exists but Drover did not create it; "
                    + "remove it or choose another name", NAME, operation, name, null, false, null);
        }
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

    /** The bindings the current service spec uses, in the neutral spec's order. */
    private static Map<String, SwarmTranslator.SecretBinding> currentBindings(ServiceSpec neutral, JsonNode current) {
        Map<String, SwarmTranslator.SecretBinding> out = new TreeMap<>();
        JsonNode refs = current.path("TaskTemplate").path("ContainerSpec").path("Secrets");
        for (int i = 0; i < neutral.secrets().size() && i < refs.size(); i++) {
            out.put(neutral.secrets().get(i).name(), new SwarmTranslator.SecretBinding(
                    SwarmJson.text(refs.get(i), "SecretID"), SwarmJson.text(refs.get(i), "SecretName")));
        }
        return out;
    }

    private static JsonNode withReplicas(JsonNode spec, int replicas) {
        ObjectNode copy = spec.deepCopy();
        ObjectNode mode = copy.withObjectProperty("Mode");
        if (mode.has("Global")) {
            throw new ConflictException("service '" + SwarmJson.text(spec, "Name") + "' runs in global mode and cannot be scaled",
                    NAME, "scale", SwarmJson.text(spec, "Name"), null, false, null);
        }
        mode.withObjectProperty("Replicated").put("Replicas", replicas);
        String neutral = SwarmJson.text(spec.path("Labels"), SwarmTranslator.SPEC_LABEL);
        if (neutral != null) {
            copy.withObjectProperty("Labels").put(SwarmTranslator.SPEC_LABEL, SpecIO.toCompactJson(SpecIO.read(neutral).withReplicas(replicas)));
        }
        return copy;
    }

    private static int replicas(JsonNode spec) {
        return spec.path("Mode").path("Replicated").path("Replicas").asInt(-1);
    }

    private static String id(JsonNode service) {
        return SwarmJson.text(service, "ID");
    }

    private static long version(JsonNode service) {
        return service.path("Version").path("Index").asLong();
    }
}
