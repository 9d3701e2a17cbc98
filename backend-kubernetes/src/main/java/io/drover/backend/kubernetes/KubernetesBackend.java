package io.drover.backend.kubernetes;

import io.drover.spi.support.ExposureRule;
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
import io.drover.api.spec.Violation;
import io.drover.api.ServiceStatus;
import io.drover.api.Watch;
import io.drover.api.WatchListener;
import io.drover.api.error.ConflictException;
import io.drover.api.error.DroverException;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.error.ServiceNotFoundException;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.FailureAction;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.api.spec.Violation;
import io.drover.spi.Backend;
import io.drover.spi.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drover on Kubernetes, through the fabric8 kubernetes-client with the JDK HTTP client. A service
 * is a Deployment (plus a Service when exposed and a Secret per secret Drover supplies); see
 * {@link KubernetesTranslator} for the mapping.
 *
 * <p>Writes use server-side apply with the field manager {@value #FIELD_MANAGER} (forcing
 * conflicts), so an identical apply changes nothing: the template's fingerprint is compared
 * first and an equal one makes apply a no-op. Reads ({@code status}, {@code list}, {@code watch})
 * come from shared informers per namespace ({@link KubernetesCache}): once synced, listing costs no
 * API call. Rollback follows {@code kubectl rollout undo}: the previous ReplicaSet's template is
 * applied again. Automatic rollback, which Kubernetes lacks, is done by {@link RolloutMonitor}
 * while this backend runs. Thread-safe.
 */
public final class KubernetesBackend implements Backend {
    /** The backend's name. */
    public static final String NAME = "kubernetes";
    /** The server-side apply field manager. */
    public static final String FIELD_MANAGER = "drover";
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesBackend.class);
    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(
            Capability.IMAGE_ENTRYPOINT, Capability.PROBE_HTTP, Capability.PROBE_TCP, Capability.PROBE_EXEC,
            Capability.READINESS_PROBE, Capability.LIVENESS_PROBE, Capability.STARTUP_PROBE, Capability.SEPARATE_PROBES,
            Capability.EXPOSE_INTERNAL, Capability.EXPOSE_NODE_PORT, Capability.EXPOSE_LOAD_BALANCER, Capability.UDP,
            Capability.RESOURCE_REQUESTS, Capability.RESOURCE_LIMITS, Capability.UPDATE_START_FIRST, Capability.UPDATE_STOP_FIRST,
            Capability.AUTO_ROLLBACK, Capability.MANUAL_ROLLBACK, Capability.PLACEMENT_CONSTRAINTS, Capability.PLACEMENT_SPREAD,
            Capability.MAX_PER_NODE, Capability.SECRETS_ENV, Capability.SECRETS_FILE, Capability.SECRET_STORE,
            Capability.RUN_AS_USER, Capability.RUN_AS_NON_ROOT, Capability.READ_ONLY_ROOT_FS, Capability.LINUX_CAPABILITIES,
            Capability.LOGS, Capability.WATCH));

    private final KubernetesConfig config;
    private final KubernetesClient client;
    private final KubernetesTranslator translator = new KubernetesTranslator();
    private final KubernetesStatusMapper statusMapper = new KubernetesStatusMapper();
    private final KubernetesErrorMapper errors;
    private final KubernetesCache cache;
    private final RolloutMonitor rollouts;
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> knownNamespaces = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ServiceWrites writes = new ServiceWrites();

    /** A backend for the cluster {@code config} describes. Connects lazily: nothing is sent until the first operation. */
    @Inject
    public KubernetesBackend(KubernetesConfig config) {
        this(config, b -> { });
    }

    /**
     * A backend whose HTTP client builder is adjusted by {@code http} before use (for instance to add
     * an {@link io.fabric8.kubernetes.client.http.Interceptor} that counts or traces API calls).
     */
    public KubernetesBackend(KubernetesConfig config, Consumer<io.fabric8.kubernetes.client.http.HttpClient.Builder> http) {
        this.config = config;
        this.client = new KubernetesClientBuilder().withConfig(config.client()).withHttpClientBuilderConsumer(http).build();
        this.errors = new KubernetesErrorMapper(config.masterUrl() + " (configuration from " + config.tried() + ")");
        this.cache = new KubernetesCache(client, errors);
        this.rollouts = new RolloutMonitor(this::cachedStatus, this::autoRollback);
        cache.addListener(rollouts);
    }

    /** A backend configured from the environment (kubeconfig or in-cluster). */
    public static KubernetesBackend fromEnvironment() {
        return new KubernetesBackend(KubernetesConfig.fromEnvironment());
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
        return KubernetesSpecRules.validate(spec);
    }

    @Override
    public BackendInfo info() {
        return call("info", null, () -> {
            ServerVersion v = ServerVersion.of(client.getKubernetesVersion());
            Map<String, String> details = new LinkedHashMap<>();
            details.put("masterUrl", config.masterUrl());
            details.put("namespace", config.namespace());
            if (config.context() != null) details.put("context", config.context());
            details.put("autoscalingApi", v.autoscalingApi());
            details.put("cronJobApi", v.cronJobApi());
            String clientVersion = KubernetesClient.class.getPackage().getImplementationVersion();
            return new BackendInfo(NAME, "fabric8 kubernetes-client " + (clientVersion == null ? "8.x" : clientVersion),
                    v.gitVersion(), CAPABILITIES, details);
        });
    }

    /** The namespace a spec goes to: its kubernetes extension's, else {@code fallback} (null in renders: kubectl's context decides). */
    /**
     * The spec's namespace: {@code metadata.namespace}, else the older {@code extensions.kubernetes.namespace},
     * else {@code fallback}. Both set and different is refused.
     */
    static String namespaceOf(ServiceSpec spec, String fallback) {
        var k = spec.extensions().kubernetes();
        String extension = k == null ? null : k.namespace();
        if (spec.namespace() != null && extension != null && !spec.namespace().equals(extension)) {
            throw new InvalidSpecException(List.of(new Violation("spec.extensions.kubernetes.namespace", "is '" + extension
                    + "' but metadata.namespace is '" + spec.namespace() + "'; set metadata.namespace only")));
        }
        return spec.namespace() != null ? spec.namespace() : extension != null ? extension : fallback;
    }

    /**
     * Creates the namespace when it does not exist (labelled as Drover's; Drover never deletes a
     * namespace), once per namespace and backend. Where the credentials may not read namespaces,
     * the namespace is taken to exist.
     */
    private void ensureNamespace(String ns) {
        if (knownNamespaces.contains(ns)) return;
        try {
            if (client.namespaces().withName(ns).get() == null) {
                client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(ns)
                        .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).endMetadata().build()).create();
            }
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 403) throw e;
        }
        knownNamespaces.add(ns);
    }

    private String ns(ServiceRef ref) {
        return ref.namespaceOr(config.namespace());
    }

    @Override
    public ApplyResult apply(ServiceSpec given, Map<String, SecretValue> secretValues) {
        String ns = namespaceOf(given, config.namespace());
        return call("apply", given.name(), () -> writes.write(ns, given.name(), () -> {
            ensureNamespace(ns);
            Deployment existing = client.apps().deployments().inNamespace(ns).withName(given.name()).get();
            Service service = client.services().inNamespace(ns).withName(given.name()).get();
            // ExposureRule: a spec without expose keeps the current Service
            ServiceSpec spec = ExposureRule.resolve(given, service == null ? null : KubernetesTranslator.exposeOf(service));
            String fingerprint = KubernetesTranslator.fingerprint(spec, secretValues);
            if (existing != null) requireManaged(existing, "apply");
            if (service != null && !KubernetesCache.isManaged(service)) {
                throw new ConflictException("a Kubernetes Service named '" + spec.name() + "' exists in namespace " + ns
                        + " but Drover did not create it; remove it or choose another name", NAME, "apply", spec.name(), null, false, null);
            }
            ApplyResult.Change change;
            long revision;
            long last = 0;
            if (existing == null) {
                change = ApplyResult.Change.CREATED;
                revision = 1;
            } else {
                long current = KubernetesStatusMapper.templateRevision(existing);
                last = Math.max(current, parse(KubernetesStatusMapper.annotation(existing.getMetadata().getAnnotations(), KubernetesTranslator.LAST_REVISION)));
                String currentHash = KubernetesStatusMapper.annotation(existing.getSpec().getTemplate().getMetadata().getAnnotations(),
                        KubernetesTranslator.SPEC_HASH);
                if (fingerprint.equals(currentHash)) {
                    revision = current;
                    boolean sameReplicas = existing.getSpec().getReplicas() != null && existing.getSpec().getReplicas() == spec.replicas();
                    ExposeSpec exposed = KubernetesTranslator.exposeOf(service);
                    boolean sameExpose = spec.expose().equals(exposed == null ? ExposeSpec.NONE : exposed);
                    if (sameReplicas && sameExpose) return ApplyResult.of(spec.name(), revision, ApplyResult.Change.UNCHANGED);
                    change = sameReplicas ? ApplyResult.Change.UPDATED : ApplyResult.Change.SCALED;
                } else {
                    change = ApplyResult.Change.UPDATED;
                    revision = last + 1;
                }
            }
            KubernetesTranslator.Manifests m = translator.toNative(spec, ns, revision, Math.max(last, revision), fingerprint);
            for (SecretRef ref : spec.secrets()) {
                if (!ref.hasSource()) continue;
                SecretValue v = secretValues.get(ref.name());
                if (v == null) {
                    throw new InvalidSpecException(List.of(new io.drover.api.spec.Violation("spec.secrets", "no value for the secret '" + ref.name() + "'")));
                }
                ssa(KubernetesTranslator.secretWithValue(spec, ns, ref, v));
            }
            // the revision numbers above were computed from `existing`: a change since is a conflict, retried
            if (existing != null) m.deployment().getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            Deployment written = ssa(m.deployment());
            Service writtenService = m.service() != null ? ssa(m.service()) : null;
            if (m.service() == null && service != null) client.services().inNamespace(ns).withName(spec.name()).delete();
            cache.awaitWrite(ns, spec.name(), written, writtenService, service != null);
            if (change == ApplyResult.Change.UPDATED && existing != null && revision > KubernetesStatusMapper.templateRevision(existing)) {
                if (spec.update().failureAction() == FailureAction.ROLLBACK) rollouts.follow(ns, spec.name(), revision, spec.update().monitorSeconds());
                else rollouts.forget(ns, spec.name());
            }
            return ApplyResult.of(spec.name(), revision, change);
        }));
    }

    @Override
    public Optional<ServiceStatus> status(ServiceRef ref) {
        String name = ref.name();
        return call("status", name, () -> cachedStatus(ns(ref), name));
    }

    /** The status from the informer cache (no API call once the namespace's informers synced). */
    Optional<ServiceStatus> cachedStatus(String namespace, String name) {
        return cache.observe(namespace, name).map(o -> statusMapper.map(o, Instant.now()));
    }

    @Override
    public List<ServiceStatus> list(Selector selector) {
        return call("list", null, () -> listByKey(selector).values().stream().sorted(Comparator.comparing(ServiceStatus::name)).toList());
    }

    private Map<String, ServiceStatus> listByKey(Selector selector) {
        String ns = selector.namespaceOr(config.namespace());
        cache.ensure(ns);
        Map<String, ServiceStatus> out = new LinkedHashMap<>();
        Instant now = Instant.now();
        {
            for (Deployment d : cache.deployments(ns)) {
                Map<String, String> labels = d.getMetadata().getLabels() == null ? Map.of() : d.getMetadata().getLabels();
                if (!selector.includeUnmanaged() && !isManaged(labels)) continue;
                if (!selector.matches(d.getMetadata().getName(), labels)) continue;
                out.put(ns + "/" + d.getMetadata().getName(), statusMapper.map(cache.observe(d), now));
            }
        }
        return out;
    }

    static boolean isManaged(Map<String, String> labels) {
        return Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY));
    }

    @Override
    public void scale(ServiceRef ref, int replicas) {
        String name = ref.name();
        String ns = ns(ref);
        call("scale", name, () -> writes.write(ns, name, () -> {
            Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
            if (d == null) throw new ServiceNotFoundException(NAME, "scale", name);
            requireManaged(d, "scale");
            client.apps().deployments().inNamespace(ns).withName(name).scale(replicas);
            cache.awaitWrite(ns, name, client.apps().deployments().inNamespace(ns).withName(name).get(), null, false);
            return null;
        }));
    }

    @Override
    public List<Endpoint> expose(ServiceRef ref, ExposeSpec expose) {
        String name = ref.name();
        String ns = ns(ref);
        return call("expose", name, () -> {
            Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
            if (d == null) throw new ServiceNotFoundException(NAME, "expose", name);
            requireManaged(d, "expose");
            ServiceSpec applied = KubernetesStatusMapper.appliedSpec(d, null);
            if (applied == null) throw new ConflictException("Deployment '" + name + "' has no Drover spec", NAME, "expose", name, null, false, null);
            ServiceSpec exposed = applied.toBuilder().expose(expose).build();
            for (var p : expose.ports()) {
                if (exposed.resolvePort(p.targetPort()).isEmpty()) {
                    throw new InvalidSpecException(List.of(new io.drover.api.spec.Violation("spec.expose.ports.targetPort",
                            "must name a declared port, was '" + p.targetPort() + "'")));
                }
            }
            Service s = translator.service(exposed, ns);
            if (s == null) {
                client.services().inNamespace(ns).withName(name).delete();
                cache.awaitWrite(ns, name, d, null, true);
                return List.<Endpoint>of();
            }
            Service result = ssa(s);
            cache.awaitWrite(ns, name, d, result, false);
            if (KubernetesStatusMapper.loadBalancerPending(result)) {
                LOG.info("the load balancer of {}/{} is <pending>: returning its node ports until an ingress is assigned", ns, name);
            }
            cache.ensure(ns);
            return KubernetesStatusMapper.endpoints(result, cache.nodes());
        });
    }

    @Override
    public long rollback(ServiceRef ref) {
        String name = ref.name();
        String ns = ns(ref);
        return call("rollback", name, () -> {
            rollouts.forget(ns, name);
            return writes.write(ns, name, () -> rollBackTo(ns, name, null));
        });
    }

    private void autoRollback(String ns, String name, long failedRevision, String reason) {
        try {
            call("rollback", name, () -> writes.write(ns, name, () -> rollBackTo(ns, name, failedRevision)));
        } catch (DroverException e) {
            LOG.warn("automatic rollback of {}/{} from revision {} ({}) failed: {}", ns, name, failedRevision, reason, e.getMessage());
        }
    }

    /**
     * {@code kubectl rollout undo}: applies again the template of the newest ReplicaSet whose
     * revision differs from the current one. With {@code failedRevision}, records the automatic rollback.
     */
    private long rollBackTo(String ns, String name, Long failedRevision) {
        Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
        if (d == null) throw new ServiceNotFoundException(NAME, "rollback", name);
        requireManaged(d, "rollback");
        long current = KubernetesStatusMapper.templateRevision(d);
        if (failedRevision != null && current != failedRevision) return current; // superseded meanwhile
        Optional<ReplicaSet> previous = client.apps().replicaSets().inNamespace(ns).withLabel(Labels.SERVICE, name)
                .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems().stream()
                .filter(rs -> rs.getSpec().getTemplate().getMetadata().getAnnotations() != null
                        && rs.getSpec().getTemplate().getMetadata().getAnnotations().containsKey(KubernetesTranslator.SPEC))
                .filter(rs -> revisionOf(rs) != current)
                .max(Comparator.comparingLong(rs -> parse(KubernetesStatusMapper.annotation(rs.getMetadata().getAnnotations(),
                        "deployment.kubernetes.io/revision"))));
        if (previous.isEmpty()) {
            throw new ConflictException("service '" + name + "' has no previous revision to roll back to", NAME, "rollback", name, null, false, null);
        }
        var template = previous.get().getSpec().getTemplate().getMetadata();
        ServiceSpec old = SpecIO.read(template.getAnnotations().get(KubernetesTranslator.SPEC))
                .withReplicas(d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas());
        Service svc = client.services().inNamespace(ns).withName(name).get();
        ExposeSpec expose = KubernetesTranslator.exposeOf(svc);
        old = old.toBuilder().expose(expose == null ? ExposeSpec.NONE : expose).build();
        long target = revisionOf(previous.get());
        long last = Math.max(current, parse(KubernetesStatusMapper.annotation(d.getMetadata().getAnnotations(), KubernetesTranslator.LAST_REVISION)));
        Deployment back = translator.toNative(old, ns, target, last, template.getAnnotations().get(KubernetesTranslator.SPEC_HASH)).deployment();
        if (failedRevision != null) back.getMetadata().getAnnotations().put(KubernetesTranslator.ROLLED_BACK_FROM, Long.toString(failedRevision));
        back.getMetadata().setResourceVersion(d.getMetadata().getResourceVersion()); // computed from d: a change since is retried
        cache.awaitWrite(ns, name, ssa(back), null, false);
        return target;
    }

    @Override
    public boolean delete(ServiceRef ref) {
        String name = ref.name();
        String ns = ns(ref);
        return call("delete", name, () -> {
            rollouts.forget(ns, name);
            Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
            if (d != null) requireManaged(d, "delete");
            boolean existed = d != null && !client.apps().deployments().inNamespace(ns).withName(name).delete().isEmpty();
            Service s = client.services().inNamespace(ns).withName(name).get();
            if (s != null && KubernetesCache.isManaged(s)) client.services().inNamespace(ns).withName(name).delete();
            client.secrets().inNamespace(ns).withLabel(Labels.SERVICE, name).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).delete();
            cache.awaitWrite(ns, name, null, null, true);
            return existed;
        });
    }

    @Override
    public Stream<LogLine> logs(ServiceRef ref, LogOptions options) {
        String name = ref.name();
        String ns = ns(ref);
        return call("logs", name, () -> {
            if (client.apps().deployments().inNamespace(ns).withName(name).get() == null) throw new ServiceNotFoundException(NAME, "logs", name);
            List<Pod> pods = client.pods().inNamespace(ns).withLabel(Labels.SERVICE, name).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                    .list().getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                    .filter(p -> options.instance() == null || options.instance().equals(p.getMetadata().getName()))
                    .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
            return KubernetesLogs.open(client, ns, pods, options);
        });
    }

    @Override
    public Watch watch(Selector selector, WatchListener listener) {
        return call("watch", null, () -> {
            Selector resolved = selector.withNamespaceOr(config.namespace());
            cache.ensure(resolved.namespace());
            KubernetesWatch[] self = new KubernetesWatch[1];
            KubernetesWatch w = new KubernetesWatch(cache, resolved, listener, this::cachedStatus, () -> listByKey(resolved),
                    () -> watches.remove(self[0]));
            self[0] = w;
            watches.add(w);
            return w.start();
        });
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
        if (type.isInstance(client)) return type.cast(client);
        if (type == KubernetesConfig.class) return type.cast(config);
        throw new IllegalArgumentException("the kubernetes backend has no " + type.getName()
                + " (it has io.fabric8.kubernetes.client.KubernetesClient and KubernetesConfig)");
    }

    @Override
    public void close() {
        rollouts.close();
        cache.close(); // ends every watch through its listener's onClose
        List.copyOf(watches).forEach(Watch::close);
        client.close();
    }

    @Override
    public String toString() {
        return "KubernetesBackend[" + config.masterUrl() + ", namespace " + config.namespace() + "]";
    }

    // ------------------------------------------------------------------ internals

    private <T extends HasMetadata> T ssa(T object) {
        return client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    private static void requireManaged(Deployment d, String operation) {
        if (!KubernetesCache.isManaged(d)) {
            String name = d.getMetadata().getName();
            throw new ConflictException("a Deployment named '" + name + "' exists in namespace " + d.getMetadata().getNamespace()
                    + " but Drover did not create it; remove it or choose another name", NAME, operation, name, null, false, null);
        }
    }

    private static long revisionOf(ReplicaSet rs) {
        Map<String, String> l = rs.getSpec().getTemplate().getMetadata().getLabels();
        return parse(l == null ? null : l.get(Labels.REVISION));
    }

    private static long parse(String s) {
        if (s == null) return 0;
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private <T> T call(String operation, String service, Supplier<T> body) {
        try {
            return body.get();
        } catch (DroverException e) {
            throw e;
        } catch (RuntimeException e) {
            throw errors.map(e, operation, service);
        }
    }
}
