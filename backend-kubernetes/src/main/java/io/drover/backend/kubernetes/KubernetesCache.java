package io.drover.backend.kubernetes;

import io.drover.spi.Labels;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared informers, one set per namespace (Deployments, Pods, Services, Endpoints and pod Events)
 * plus one for Nodes, started on first use and kept until {@link #close()}. {@code status},
 * {@code list} and {@code watch} read this cache only: once synced they make no API call. Every
 * change is announced to the {@link Listener}s with the service it concerns.
 */
final class KubernetesCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesCache.class);
    private static final String BY_SERVICE = "drover-service";
    private static final String BY_POD = "drover-pod";
    /** How often informers replay their store, so that time-based diagnoses (an overdue probe) refresh. */
    static final long RESYNC_MS = 15_000;

    /** Told about every change: {@code service} is null when a node changed (any service may be affected). */
    interface Listener {
        void changed(String namespace, String service);

        /** The cache stopped for good (an informer failed, the backend was closed): nothing more will change. */
        default void failed(io.drover.api.error.DroverException cause) {}
    }

    /** One namespace's informers. */
    private record Namespace(SharedIndexInformer<Deployment> deployments, SharedIndexInformer<Pod> pods,
            SharedIndexInformer<Service> services, SharedIndexInformer<Endpoints> endpoints, SharedIndexInformer<Event> events) {
        List<SharedIndexInformer<?>> all() { return List.of(deployments, pods, services, endpoints, events); }
    }

    private final KubernetesClient client;
    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile SharedIndexInformer<Node> nodes;
    private volatile boolean nodesForbidden;
    private volatile boolean closed;

    private final KubernetesErrorMapper errors;

    KubernetesCache(KubernetesClient client, KubernetesErrorMapper errors) {
        this.client = client;
        this.errors = errors;
    }

    void addListener(Listener l) { listeners.add(l); }

    void removeListener(Listener l) { listeners.remove(l); }

    /** The namespaces whose informers run. */
    List<String> namespaces() { return List.copyOf(namespaces.keySet()); }

    /** Starts the namespace's informers (once) and waits until they synced. */
    void ensure(String namespace) {
        if (closed) throw new IllegalStateException("the Kubernetes backend is closed");
        namespaces.computeIfAbsent(namespace, this::start);
        ensureNodes();
    }

    Optional<Deployment> deployment(String namespace, String name) {
        ensure(namespace);
        return Optional.ofNullable(namespaces.get(namespace).deployments().getStore().getByKey(namespace + "/" + name));
    }

    List<Deployment> deployments(String namespace) {
        ensure(namespace);
        return namespaces.get(namespace).deployments().getStore().list();
    }

    /** The native objects of one service, from the cache; empty when its Deployment is not there. */
    Optional<KubernetesStatusMapper.Observed> observe(String namespace, String name) {
        return deployment(namespace, name).map(d -> observe(d));
    }

    KubernetesStatusMapper.Observed observe(Deployment d) {
        String ns = d.getMetadata().getNamespace();
        String name = d.getMetadata().getName();
        Namespace n = namespaces.get(ns);
        List<Pod> pods = n.pods().getIndexer().byIndex(BY_SERVICE, name);
        List<Event> events = new ArrayList<>();
        for (Pod p : pods) events.addAll(n.events().getIndexer().byIndex(BY_POD, p.getMetadata().getName()));
        Service s = n.services().getStore().getByKey(ns + "/" + name);
        if (s != null && !isManaged(s)) s = null;
        Endpoints e = n.endpoints().getStore().getByKey(ns + "/" + name);
        return new KubernetesStatusMapper.Observed(d, pods, events, nodes(), s, e);
    }

    Map<String, Node> nodes() {
        SharedIndexInformer<Node> n = nodes;
        Map<String, Node> out = new HashMap<>();
        if (n != null) for (Node node : n.getStore().list()) out.put(node.getMetadata().getName(), node);
        return out;
    }

    /** The pod with this name, if cached. */
    Optional<Pod> pod(String namespace, String name) {
        ensure(namespace);
        return Optional.ofNullable(namespaces.get(namespace).pods().getStore().getByKey(namespace + "/" + name));
    }

    /**
     * Waits (briefly) until the cache holds the Deployment and Service of {@code name} at least at
     * the given resource versions (null: absent), so that a read after a write sees the write.
     */
    void awaitWrite(String namespace, String name, HasMetadata deployment, HasMetadata service, boolean serviceDeleted) {
        ensure(namespace);
        Namespace n = namespaces.get(namespace);
        String key = namespace + "/" + name;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            boolean d = deployment == null ? n.deployments().getStore().getByKey(key) == null
                    : reached(n.deployments().getStore().getByKey(key), deployment);
            boolean s = service != null ? reached(n.services().getStore().getByKey(key), service)
                    : !serviceDeleted || n.services().getStore().getByKey(key) == null;
            if (d && s) return;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.debug("the cache did not catch up with the write to {} within 10 s", key);
    }

    private static boolean reached(HasMetadata cached, HasMetadata written) {
        if (cached == null) return false;
        String a = cached.getMetadata().getResourceVersion();
        String b = written.getMetadata().getResourceVersion();
        if (a == null || b == null) return true;
        try {
            return Long.parseLong(a) >= Long.parseLong(b);
        } catch (NumberFormatException e) {
            return a.equals(b); // opaque versions: wait for this one
        }
    }

    static boolean isManaged(HasMetadata o) {
        Map<String, String> l = o.getMetadata().getLabels();
        return l != null && Labels.MANAGED_BY_VALUE.equals(l.get(Labels.MANAGED_BY));
    }

    private Namespace start(String ns) {
        LOG.debug("starting informers in namespace {}", ns);
        Function<Pod, List<String>> byService = p -> {
            String s = p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(Labels.SERVICE);
            return s == null ? List.of() : List.of(s);
        };
        Function<Event, List<String>> byPod = e -> e.getInvolvedObject() == null || e.getInvolvedObject().getName() == null
                ? List.of() : List.of(e.getInvolvedObject().getName());
        var deployments = inform(client.apps().deployments().inNamespace(ns), o -> notify(ns, o.getMetadata().getName()));
        SharedIndexInformer<Pod> pods = inform(client.pods().inNamespace(ns).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                .withIndexers(Map.of(BY_SERVICE, byService)), p -> byService.apply(p).forEach(s -> notify(ns, s)));
        var services = inform(client.services().inNamespace(ns).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE),
                o -> notify(ns, o.getMetadata().getName()));
        var endpoints = inform(client.endpoints().inNamespace(ns), o -> notify(ns, o.getMetadata().getName()));
        SharedIndexInformer<Event> events = inform(client.v1().events().inNamespace(ns).withField("involvedObject.kind", "Pod")
                .withIndexers(Map.of(BY_POD, byPod)), e -> {
                    for (String pod : byPod.apply(e)) {
                        Namespace n = namespaces.get(ns);
                        Pod p = n == null ? null : n.pods().getStore().getByKey(ns + "/" + pod);
                        if (p != null) byService.apply(p).forEach(s -> notify(ns, s));
                    }
                });
        return new Namespace(deployments, pods, services, endpoints, events);
    }

    private void ensureNodes() {
        if (nodes != null || nodesForbidden) return;
        synchronized (this) {
            if (nodes != null || nodesForbidden) return;
            try {
                nodes = inform(client.nodes(), n -> notify(null, null));
            } catch (KubernetesClientException e) {
                if (e.getCode() != 403) throw e;
                nodesForbidden = true;
                LOG.warn("not allowed to list nodes ({}): node problems and node-port addresses are not reported",
                        KubernetesErrorMapper.serverMessage(e));
            }
        }
    }

    private <T extends HasMetadata> SharedIndexInformer<T> inform(Informable<T> source, java.util.function.Consumer<T> changed) {
        ResourceEventHandler<T> handler = new ResourceEventHandler<>() {
            @Override public void onAdd(T obj) { changed.accept(obj); }
            @Override public void onUpdate(T oldObj, T newObj) { changed.accept(newObj); }
            @Override public void onDelete(T obj, boolean deletedFinalStateUnknown) { changed.accept(obj); }
        };
        SharedIndexInformer<T> informer = source.inform(handler, RESYNC_MS);
        informer.stopped().whenComplete((done, error) -> {
            if (error != null && !closed) {
                LOG.warn("an informer stopped: {}", error.toString());
                fail(errors.map(error, "watch", null));
            }
        });
        return informer;
    }

    private void notify(String namespace, String service) {
        for (Listener l : listeners) {
            try {
                l.changed(namespace, service);
            } catch (RuntimeException e) {
                LOG.warn("a cache listener failed", e);
            }
        }
    }

    private void fail(io.drover.api.error.DroverException cause) {
        for (Listener l : List.copyOf(listeners)) {
            try {
                l.failed(cause);
            } catch (RuntimeException e) {
                LOG.warn("a cache listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        fail(new io.drover.api.error.BackendUnavailableException("the Kubernetes backend was closed, which ends its watches",
                KubernetesBackend.NAME, "watch", null, null, false, null));
        for (Namespace n : namespaces.values()) n.all().forEach(SharedIndexInformer::close);
        namespaces.clear();
        if (nodes != null) nodes.close();
    }
}
