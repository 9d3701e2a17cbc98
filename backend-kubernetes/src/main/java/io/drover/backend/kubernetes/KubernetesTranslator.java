package io.drover.backend.kubernetes;

import io.drover.spi.support.ExposureRule;
import io.drover.api.RenderFormat;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.KubernetesExtension;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Probe;
import io.drover.api.spec.ResourceAmounts;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.SecurityPolicy;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.api.spec.Toleration;
import io.drover.api.spec.UpdateOrder;
import io.drover.api.spec.UpdatePolicy;
import io.drover.api.spec.Violation;
import io.drover.api.error.InvalidSpecException;
import io.drover.spi.Labels;
import io.drover.spi.SpecFingerprint;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Drover's one translator for Kubernetes, both ways: a {@link ServiceSpec} becomes a Deployment
 * (pod template with one container), a Service when the spec is exposed, and a Secret per secret
 * Drover supplies the value of; {@link #fromNative} and {@link #importNative} read them back.
 *
 * <p>Everything maps to native fields (see docs/backends/kubernetes.md) except what Kubernetes has
 * no field for, kept as {@code io.drover/*} annotations on the pod template: the update's failure
 * action and monitor period, the secrets' sources, the fingerprint of the template and the neutral
 * spec as applied. Because they live in the pod template, {@code kubectl rollout undo} and Drover's
 * rollback bring them back with the old ReplicaSet. Pure functions; thread-safe.
 */
public final class KubernetesTranslator {
    /** Pod-template annotation: the template's fingerprint; equal fingerprints make apply a no-op. */
    public static final String SPEC_HASH = Labels.SPEC_HASH;
    /** Pod-template annotation: the neutral spec as applied (replicas 0, not exposed), compact JSON. */
    public static final String SPEC = Labels.PREFIX + "spec";
    /** Pod-template annotation: the update's failure action (rollback, pause, continue). */
    public static final String FAILURE_ACTION = Labels.PREFIX + "failure-action";
    /** Pod-template annotation: the update's monitor period in seconds. */
    public static final String MONITOR_SECONDS = Labels.PREFIX + "monitor-seconds";
    /** Pod-template annotation: the secrets in spec order with their sources, JSON. */
    public static final String SECRETS = Labels.PREFIX + "secrets";
    /** Deployment annotation: the highest revision number handed out so far. */
    public static final String LAST_REVISION = Labels.PREFIX + "last-revision";
    /** Deployment annotation: set by an automatic rollback to the revision that failed. */
    public static final String ROLLED_BACK_FROM = Labels.PREFIX + "rolled-back-from";
    /** Service annotation: the exposure as the spec asked for it (JSON), so that assigned node ports stay unpinned. */
    public static final String EXPOSE = Labels.PREFIX + "expose";
    /** The key holding the value in Secrets (also expected in existing Secrets the spec names). */
    public static final String SECRET_KEY = "value";
    /** Prefix of the volumes that mount secrets as files. */
    static final String SECRET_VOLUME_PREFIX = "drover-secret-";
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /** The native objects one spec becomes. {@code service} is null when not exposed; secrets have no data in renders. */
    public record Manifests(Deployment deployment, Service service, List<Secret> secrets) {
        public Manifests {
            secrets = secrets == null ? List.of() : List.copyOf(secrets);
        }
    }

    /**
     * The manifests for {@code spec} at {@code revision} in {@code namespace}.
     *
     * @param fingerprint the template's fingerprint (see {@link #fingerprint}); stored as {@link #SPEC_HASH}
     * @param lastRevision the highest revision handed out so far (at least {@code revision})
     */
    public Manifests toNative(ServiceSpec given, String namespace, long revision, long lastRevision, String fingerprint) {
        ServiceSpec spec = ExposureRule.concrete(given);
        List<Violation> problems = KubernetesSpecRules.validate(spec);
        if (!problems.isEmpty()) throw new InvalidSpecException(problems);
        Map<String, String> labels = objectLabels(spec);
        Map<String, String> podLabels = new LinkedHashMap<>(labels);
        podLabels.put(Labels.REVISION, Long.toString(revision));
        Map<String, String> podAnnotations = new LinkedHashMap<>();
        KubernetesExtension ext = spec.extensions().kubernetes();
        if (ext != null) podAnnotations.putAll(new java.util.TreeMap<>(ext.annotations()));
        podAnnotations.put(SPEC_HASH, fingerprint);
        podAnnotations.put(FAILURE_ACTION, SpecIO.jsonMapper().convertValue(spec.update().failureAction(), String.class));
        podAnnotations.put(MONITOR_SECONDS, Integer.toString(spec.update().monitorSeconds()));
        if (!spec.secrets().isEmpty()) podAnnotations.put(SECRETS, secretsJson(spec.secrets()));
        podAnnotations.put(SPEC, SpecIO.toCompactJson(template(spec)));

        UpdatePolicy u = spec.update();
        boolean startFirst = u.order() == UpdateOrder.START_FIRST;
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Labels.REVISION, Long.toString(revision));
        annotations.put(LAST_REVISION, Long.toString(Math.max(revision, lastRevision)));
        RollingUpdateDeployment rolling = new RollingUpdateDeployment();
        rolling.setMaxSurge(new IntOrString(startFirst ? u.parallelism() : 0));
        rolling.setMaxUnavailable(new IntOrString(startFirst ? 0 : u.parallelism()));
        DeploymentStrategy strategy = new DeploymentStrategy();
        strategy.setType("RollingUpdate");
        strategy.setRollingUpdate(rolling);
        PodTemplateSpec template = new PodTemplateSpec();
        template.setMetadata(meta(null, null, podLabels, podAnnotations));
        template.setSpec(podSpec(spec));
        DeploymentSpec ds = new DeploymentSpec();
        ds.setReplicas(spec.replicas());
        ds.setSelector(labelSelector(spec.name()));
        ds.setMinReadySeconds(u.delaySeconds());
        ds.setProgressDeadlineSeconds(progressDeadlineSeconds(u));
        ds.setRevisionHistoryLimit(10);
        ds.setStrategy(strategy);
        ds.setTemplate(template);
        Deployment d = new Deployment();
        d.setMetadata(meta(spec.name(), namespace, labels, annotations));
        d.setSpec(ds);
        return new Manifests(d, service(spec, namespace), secrets(spec, namespace));
    }

    /** The template's fingerprint: the spec without replicas and exposure, and the secret values' fingerprints. */
    public static String fingerprint(ServiceSpec spec, Map<String, io.drover.api.SecretValue> secrets) {
        return SpecFingerprint.of(template(spec), secrets);
    }

    /** The part of the spec a revision is made of: everything but replicas and exposure. */
    static ServiceSpec template(ServiceSpec spec) {
        return spec.toBuilder().replicas(0).expose(ExposeSpec.NONE).build();
    }

    /** {@code io.drover/managed-by}, {@code io.drover/service}: what the Deployment selects its pods by. */
    static Map<String, String> selector(String service) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
        m.put(Labels.SERVICE, service);
        return m;
    }

    /** The name of the Secret that holds a secret Drover supplies; an existing Secret keeps its own name. */
    public static String secretName(String service, SecretRef ref) {
        return ref.hasSource() ? service + "-" + ref.name() : ref.name();
    }

    /**
     * The Service for the spec's exposure, or null when not exposed. Exposed ports are named after
     * their target port (or {@code port-<n>}), with the protocol of the declared port.
     */
    public Service service(ServiceSpec spec, String namespace) {
        ExposeSpec e = spec.exposeOrNone();
        if (!e.isExposed()) return null;
        List<ServicePort> ports = new ArrayList<>();
        for (ExposedPort p : e.ports()) {
            Optional<PortSpec> declared = spec.port(p.targetPort());
            ServicePort sp = new ServicePort();
            sp.setName(servicePortName(p));
            sp.setPort(p.port());
            sp.setProtocol(declared.map(d -> d.protocol().name()).orElse("TCP"));
            sp.setTargetPort(portRef(p.targetPort()));
            if (p.nodePort() != null) sp.setNodePort(p.nodePort());
            ports.add(sp);
        }
        String type = switch (e.type()) {
            case INTERNAL -> "ClusterIP";
            case NODE_PORT -> "NodePort";
            case LOAD_BALANCER -> "LoadBalancer";
            case NONE -> throw new IllegalStateException("not exposed");
        };
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(EXPOSE, json(e));
        io.fabric8.kubernetes.api.model.ServiceSpec ss = new io.fabric8.kubernetes.api.model.ServiceSpec();
        ss.setType(type);
        ss.setSelector(selector(spec.name()));
        ss.setPorts(ports);
        Service s = new Service();
        s.setMetadata(meta(spec.name(), namespace, objectLabels(spec), annotations));
        s.setSpec(ss);
        return s;
    }

    /** The multi-document YAML (or a JSON List) kubectl accepts; secret values are never in it. */
    public String render(ServiceSpec spec, RenderFormat format) {
        String ns = KubernetesBackend.namespaceOf(spec, null);
        Manifests m = toNative(spec, ns, 1, 1, fingerprint(spec, Map.of()));
        List<Object> docs = new ArrayList<>();
        docs.add(m.deployment());
        if (m.service() != null) docs.add(m.service());
        if (format == RenderFormat.JSON) {
            var list = new io.fabric8.kubernetes.api.model.KubernetesListBuilder();
            docs.forEach(o -> list.addToItems((io.fabric8.kubernetes.api.model.HasMetadata) o));
            return Serialization.asJson(list.build()) + "\n";
        }
        StringBuilder out = new StringBuilder();
        for (SecretRef s : spec.secrets()) {
            if (!s.hasSource()) continue;
            out.append("# Secret ").append(secretName(spec.name(), s)).append(" (key ").append(SECRET_KEY).append("): drover apply creates it from ")
                    .append(s.fromEnv() != null ? "the environment variable " + s.fromEnv() : "the file " + s.fromFile()).append('\n');
        }
        for (Object o : docs) {
            String yaml = Serialization.asYaml(o);
            out.append(yaml.startsWith("---") ? yaml : "---\n" + yaml);
            if (!yaml.endsWith("\n")) out.append('\n');
        }
        return out.toString();
    }

    /** The neutral spec of the manifests (see {@link KubernetesImport}). */
    public ServiceSpec fromNative(Deployment deployment, Service service) {
        return KubernetesImport.fromNative(deployment, service);
    }

    /**
     * The neutral spec of Deployment and Service YAML or JSON (several documents, a List, or
     * {@code kubectl get -o yaml} output). Fields Drover does not map are refused by path.
     *
     * @throws InvalidSpecException naming every field that cannot be imported
     */
    public ServiceSpec importNative(String text) {
        return KubernetesImport.importNative(text);
    }

    // ------------------------------------------------------------------ pod

    // Built with the model's setters rather than its fluent builders: a nested builder copies its
    // whole subtree once per level (with... and end...), which made translation cost ~0.5 ms.
    private PodSpec podSpec(ServiceSpec spec) {
        Container c = new Container();
        c.setName("main");
        c.setImage(spec.image());
        if (!spec.command().isEmpty()) c.setCommand(new ArrayList<>(spec.command()));
        if (!spec.args().isEmpty()) c.setArgs(new ArrayList<>(spec.args()));
        List<EnvVar> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(new EnvVar(k, v, null)));
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        for (int i = 0; i < spec.secrets().size(); i++) {
            SecretRef s = spec.secrets().get(i);
            String secret = secretName(spec.name(), s);
            if (s.env() != null) {
                EnvVarSource from = new EnvVarSource();
                from.setSecretKeyRef(new SecretKeySelector(SECRET_KEY, secret, null));
                env.add(new EnvVar(s.env(), null, from));
            }
            if (s.path() != null) {
                String volume = SECRET_VOLUME_PREFIX + i;
                SecretVolumeSource source = new SecretVolumeSource();
                source.setSecretName(secret);
                Volume v = new Volume();
                v.setName(volume);
                v.setSecret(source);
                volumes.add(v);
                VolumeMount m = new VolumeMount();
                m.setName(volume);
                m.setMountPath(s.path());
                m.setSubPath(SECRET_KEY);
                m.setReadOnly(true);
                mounts.add(m);
            }
        }
        if (!env.isEmpty()) c.setEnv(env);
        if (!mounts.isEmpty()) c.setVolumeMounts(mounts);
        List<ContainerPort> ports = new ArrayList<>();
        for (PortSpec p : spec.ports()) {
            ports.add(new ContainerPort(p.containerPort(), null, p.hostPort(), p.name(), p.protocol().name()));
        }
        if (!ports.isEmpty()) c.setPorts(ports);
        if (!spec.resources().isEmpty()) {
            c.setResources(new ResourceRequirements(null, amounts(spec.resources().limits()), amounts(spec.resources().requests())));
        }
        c.setReadinessProbe(probe(spec, spec.probes().readiness()));
        c.setLivenessProbe(probe(spec, spec.probes().liveness()));
        c.setStartupProbe(probe(spec, spec.probes().startup()));
        c.setSecurityContext(securityContext(spec.security()));
        KubernetesExtension ext = spec.extensions().kubernetes();
        if (ext != null && ext.imagePullPolicy() != null) c.setImagePullPolicy(ext.imagePullPolicy());

        PodSpec pod = new PodSpec();
        List<Container> containers = new ArrayList<>();
        containers.add(c);
        pod.setContainers(containers);
        pod.setRestartPolicy("Always");
        if (!volumes.isEmpty()) pod.setVolumes(volumes);
        if (ext != null) {
            if (ext.serviceAccount() != null) pod.setServiceAccountName(ext.serviceAccount());
            if (!ext.nodeSelector().isEmpty()) pod.setNodeSelector(new LinkedHashMap<>(new java.util.TreeMap<>(ext.nodeSelector())));
            List<io.fabric8.kubernetes.api.model.Toleration> tolerations = new ArrayList<>();
            for (Toleration t : ext.tolerations()) {
                io.fabric8.kubernetes.api.model.Toleration out = new io.fabric8.kubernetes.api.model.Toleration();
                out.setKey(t.key());
                out.setOperator(t.operator());
                out.setValue(t.value());
                out.setEffect(t.effect());
                tolerations.add(out);
            }
            if (!tolerations.isEmpty()) pod.setTolerations(tolerations);
        }
        placement(spec, pod);
        return pod;
    }

    private static void placement(ServiceSpec spec, PodSpec pod) {
        var placement = spec.placement();
        List<NodeSelectorRequirement> expressions = new ArrayList<>();
        List<NodeSelectorRequirement> fields = new ArrayList<>();
        for (String c : placement.constraints()) {
            NodeAttributes.Requirement r = NodeAttributes.requirement(c).orElseThrow();
            (r.field() ? fields : expressions).add(r.requirement());
        }
        boolean nodeAffinity = !expressions.isEmpty() || !fields.isEmpty();
        boolean antiAffinity = placement.maxPerNode() != null;
        if (nodeAffinity || antiAffinity) {
            Affinity affinity = new Affinity();
            if (nodeAffinity) {
                List<NodeSelectorTerm> terms = new ArrayList<>();
                terms.add(new NodeSelectorTerm(expressions.isEmpty() ? null : expressions, fields.isEmpty() ? null : fields));
                NodeAffinity node = new NodeAffinity();
                node.setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelector(terms));
                affinity.setNodeAffinity(node);
            }
            if (antiAffinity) {
                PodAffinityTerm term = new PodAffinityTerm();
                term.setLabelSelector(labelSelector(spec.name()));
                term.setTopologyKey(NodeAttributes.HOSTNAME);
                List<PodAffinityTerm> terms = new ArrayList<>();
                terms.add(term);
                PodAntiAffinity anti = new PodAntiAffinity();
                anti.setRequiredDuringSchedulingIgnoredDuringExecution(terms);
                affinity.setPodAntiAffinity(anti);
            }
            pod.setAffinity(affinity);
        }
        if (placement.spread() != null) {
            TopologySpreadConstraint spread = new TopologySpreadConstraint();
            spread.setMaxSkew(1);
            spread.setTopologyKey(NodeAttributes.labelKey(placement.spread()).orElseThrow());
            spread.setWhenUnsatisfiable("ScheduleAnyway");
            spread.setLabelSelector(labelSelector(spec.name()));
            List<TopologySpreadConstraint> constraints = new ArrayList<>();
            constraints.add(spread);
            pod.setTopologySpreadConstraints(constraints);
        }
    }

    private static io.fabric8.kubernetes.api.model.Probe probe(ServiceSpec spec, Probe p) {
        if (p == null) return null;
        io.fabric8.kubernetes.api.model.Probe out = new io.fabric8.kubernetes.api.model.Probe();
        if (p.http() != null) {
            HTTPGetAction get = new HTTPGetAction();
            get.setPath(p.http().path());
            get.setPort(portRef(p.http().port()));
            get.setScheme(p.http().scheme().toUpperCase(java.util.Locale.ROOT));
            out.setHttpGet(get);
        } else if (p.tcp() != null) {
            TCPSocketAction tcp = new TCPSocketAction();
            tcp.setPort(portRef(p.tcp().port()));
            out.setTcpSocket(tcp);
        } else if (p.exec() != null) {
            out.setExec(new io.fabric8.kubernetes.api.model.ExecAction(p.exec().command()));
        }
        out.setInitialDelaySeconds(p.initialDelaySeconds());
        out.setPeriodSeconds(p.periodSeconds());
        out.setTimeoutSeconds(p.timeoutSeconds());
        out.setFailureThreshold(p.failureThreshold());
        out.setSuccessThreshold(p.successThreshold());
        return out;
    }

    /** A port reference: a number as text becomes a number, a name stays a name. */
    static IntOrString portRef(String reference) {
        if (reference != null && DIGITS.matcher(reference).matches()) return new IntOrString(Integer.parseInt(reference));
        return new IntOrString(reference);
    }

    private static String servicePortName(ExposedPort p) {
        return p.targetPort() != null && !DIGITS.matcher(p.targetPort()).matches() ? p.targetPort() : "port-" + p.port();
    }

    private static SecurityContext securityContext(SecurityPolicy s) {
        if (s.isEmpty()) return null;
        SecurityContext sc = new SecurityContext();
        sc.setRunAsUser(s.runAsUser());
        sc.setRunAsGroup(s.runAsGroup());
        sc.setRunAsNonRoot(s.runAsNonRoot());
        sc.setReadOnlyRootFilesystem(s.readOnlyRootFilesystem());
        if (!s.dropCapabilities().isEmpty() || !s.addCapabilities().isEmpty()) {
            sc.setCapabilities(new Capabilities(s.addCapabilities().isEmpty() ? null : s.addCapabilities(),
                    s.dropCapabilities().isEmpty() ? null : s.dropCapabilities()));
        }
        return sc;
    }

    private static Map<String, Quantity> amounts(ResourceAmounts a) {
        if (a.isEmpty()) return null;
        Map<String, Quantity> m = new LinkedHashMap<>();
        if (a.cpu() != null) m.put("cpu", new Quantity(a.cpu().toString()));
        if (a.memory() != null) m.put("memory", new Quantity(a.memory().toString()));
        return m;
    }

    private static Map<String, String> objectLabels(ServiceSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>(new java.util.TreeMap<>(spec.labels()));
        labels.putAll(selector(spec.name()));
        return labels;
    }

    /** The progress deadline: four monitor periods, at least 60 s, so that a stuck rollout shows as ROLLOUT_STUCK. */
    static int progressDeadlineSeconds(UpdatePolicy u) {
        return Math.max(60, 4 * u.monitorSeconds());
    }

    private List<Secret> secrets(ServiceSpec spec, String namespace) {
        List<Secret> out = new ArrayList<>();
        for (SecretRef s : spec.secrets()) {
            if (!s.hasSource()) continue;
            Secret secret = new Secret();
            secret.setMetadata(meta(secretName(spec.name(), s), namespace, selector(spec.name()), null));
            secret.setType("Opaque");
            out.add(secret);
        }
        return out;
    }

    /** Object metadata with a name, namespace, labels and annotations (each may be null; the maps are taken, not copied). */
    private static ObjectMeta meta(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {
        ObjectMeta m = new ObjectMeta();
        m.setName(name);
        m.setNamespace(namespace);
        if (labels != null) m.setLabels(labels);
        if (annotations != null) m.setAnnotations(annotations);
        return m;
    }

    /** A label selector matching {@link #selector}. */
    private static LabelSelector labelSelector(String service) {
        LabelSelector s = new LabelSelector();
        s.setMatchLabels(selector(service));
        return s;
    }

    /** The Secret holding {@code value} for {@code ref} of {@code service}. */
    public static Secret secretWithValue(ServiceSpec spec, String namespace, SecretRef ref, io.drover.api.SecretValue value) {
        return new SecretBuilder().withNewMetadata().withName(secretName(spec.name(), ref)).withNamespace(namespace)
                .withLabels(selector(spec.name())).addToAnnotations(Labels.PREFIX + "fingerprint", value.fingerprint()).endMetadata()
                .withType("Opaque").addToData(SECRET_KEY, java.util.Base64.getEncoder().encodeToString(value.bytes())).build();
    }

    private static String json(Object o) {
        try {
            return SpecIO.jsonMapper().writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The exposure a Service's {@link #EXPOSE} annotation records, or null. */
    static ExposeSpec exposeOf(Service s) {
        String text = s == null || s.getMetadata().getAnnotations() == null ? null : s.getMetadata().getAnnotations().get(EXPOSE);
        if (text == null) return null;
        try {
            return SpecIO.jsonMapper().readValue(text, ExposeSpec.class);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String secretsJson(List<SecretRef> refs) {
        List<Map<String, String>> list = refs.stream().map(r -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("name", r.name());
            if (r.fromEnv() != null) m.put("fromEnv", r.fromEnv());
            if (r.fromFile() != null) m.put("fromFile", r.fromFile());
            return m;
        }).collect(Collectors.toList());
        try {
            return SpecIO.jsonMapper().writeValueAsString(list);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
