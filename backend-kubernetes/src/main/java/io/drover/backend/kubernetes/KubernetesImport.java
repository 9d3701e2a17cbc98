package io.drover.backend.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.spec.ExecCheck;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.ExposeType;
import io.drover.api.spec.ExposedPort;
import io.drover.api.spec.Extensions;
import io.drover.api.spec.FailureAction;
import io.drover.api.spec.HttpCheck;
import io.drover.api.spec.KubernetesExtension;
import io.drover.api.spec.Placement;
import io.drover.api.spec.PortSpec;
import io.drover.api.spec.Probe;
import io.drover.api.spec.Probes;
import io.drover.api.spec.Protocol;
import io.drover.api.spec.ResourceAmounts;
import io.drover.api.spec.Resources;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.SecurityPolicy;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import io.drover.api.spec.TcpCheck;
import io.drover.api.spec.Toleration;
import io.drover.api.spec.UpdateOrder;
import io.drover.api.spec.UpdatePolicy;
import io.drover.api.spec.Violation;
import io.drover.spi.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Kubernetes-to-neutral half of {@link KubernetesTranslator}: Deployment (and Service) back to
 * a {@link ServiceSpec}, and YAML or JSON text to one, refusing fields Drover does not map by path
 * (an init container, a second container, a ConfigMap volume, a preferred affinity...). Fields the
 * API server fills in ({@code status}, {@code metadata.uid}, {@code terminationMessagePath},
 * {@code dnsPolicy}, ...) are accepted so that {@code kubectl get -o yaml} output imports.
 */
final class KubernetesImport {
    private static final List<Pattern> DEPLOYMENT = patterns(
            "apiVersion", "kind", "status.**",
            "metadata", "metadata.(name|namespace|uid|resourceVersion|generation|creationTimestamp|selfLink)",
            "metadata.(labels|annotations|managedFields).**",
            "spec", "spec.(replicas|minReadySeconds|progressDeadlineSeconds|revisionHistoryLimit)", "spec.selector.**",
            "spec.strategy", "spec.strategy.type", "spec.strategy.rollingUpdate", "spec.strategy.rollingUpdate.(maxSurge|maxUnavailable)",
            "spec.template", "spec.template.metadata", "spec.template.metadata.creationTimestamp",
            "spec.template.metadata.(labels|annotations).**",
            "spec.template.spec", "spec.template.spec.(restartPolicy|serviceAccountName|serviceAccount|terminationGracePeriodSeconds|dnsPolicy|schedulerName)",
            "spec.template.spec.(nodeSelector|securityContext).**",
            "spec.template.spec.tolerations", "spec.template.spec.tolerations\\[\\]", "spec.template.spec.tolerations\\[\\].(key|operator|value|effect)",
            "spec.template.spec.affinity", "spec.template.spec.affinity.nodeAffinity",
            "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.**",
            "spec.template.spec.affinity.podAntiAffinity", "spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.**",
            "spec.template.spec.topologySpreadConstraints", "spec.template.spec.topologySpreadConstraints\\[\\]",
            "spec.template.spec.topologySpreadConstraints\\[\\].(maxSkew|topologyKey|whenUnsatisfiable)",
            "spec.template.spec.topologySpreadConstraints\\[\\].labelSelector.**",
            "spec.template.spec.volumes", "spec.template.spec.volumes\\[\\]", "spec.template.spec.volumes\\[\\].name",
            "spec.template.spec.volumes\\[\\].secret", "spec.template.spec.volumes\\[\\].secret.(secretName|defaultMode)",
            "spec.template.spec.containers", "spec.template.spec.containers\\[\\]",
            "C.(name|image|command|args|imagePullPolicy|terminationMessagePath|terminationMessagePolicy)", "C.(command|args)\\[\\]",
            "C.env", "C.env\\[\\]", "C.env\\[\\].(name|value)", "C.env\\[\\].valueFrom", "C.env\\[\\].valueFrom.secretKeyRef",
            "C.env\\[\\].valueFrom.secretKeyRef.(name|key)",
            "C.ports", "C.ports\\[\\]", "C.ports\\[\\].(name|containerPort|protocol|hostPort)",
            "C.resources", "C.resources.(requests|limits).**",
            "C.(readinessProbe|livenessProbe|startupProbe)",
            "C.(readinessProbe|livenessProbe|startupProbe).(initialDelaySeconds|periodSeconds|timeoutSeconds|failureThreshold|successThreshold)",
            "C.(readinessProbe|livenessProbe|startupProbe).(httpGet|tcpSocket|exec)",
            "C.(readinessProbe|livenessProbe|startupProbe).httpGet.(path|port|scheme)",
            "C.(readinessProbe|livenessProbe|startupProbe).tcpSocket.port",
            "C.(readinessProbe|livenessProbe|startupProbe).exec.command.**",
            "C.securityContext", "C.securityContext.(runAsUser|runAsGroup|runAsNonRoot|readOnlyRootFilesystem)",
            "C.securityContext.capabilities", "C.securityContext.capabilities.(add|drop).**",
            "C.volumeMounts", "C.volumeMounts\\[\\]", "C.volumeMounts\\[\\].(name|mountPath|subPath|readOnly)");
    private static final List<Pattern> SERVICE = patterns(
            "apiVersion", "kind", "status.**",
            "metadata", "metadata.(name|namespace|uid|resourceVersion|creationTimestamp|selfLink)",
            "metadata.(labels|annotations|managedFields).**",
            "spec", "spec.(type|clusterIP|sessionAffinity|externalTrafficPolicy|ipFamilyPolicy)", "spec.(selector|clusterIPs|ipFamilies).**",
            "spec.ports", "spec.ports\\[\\]", "spec.ports\\[\\].(name|port|targetPort|nodePort|protocol)");
    private static final String CONTAINER = "spec.template.spec.containers[].";

    private KubernetesImport() {}

    static ServiceSpec importNative(String text) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = SpecIO.yamlMapper().readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) continue;
                if (doc.path("kind").asText().endsWith("List") && doc.has("items")) doc.get("items").forEach(docs::add);
                else docs.add(doc);
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidSpecException(List.of(new Violation("$", "is not Kubernetes YAML or JSON: " + e.getMessage())), e);
        }
        List<Violation> violations = new ArrayList<>();
        JsonNode deployment = null;
        JsonNode service = null;
        for (int i = 0; i < docs.size(); i++) {
            JsonNode doc = docs.get(i);
            String kind = doc.path("kind").asText("");
            switch (kind) {
                case "Deployment" -> {
                    if (deployment != null) violations.add(new Violation("Deployment", "only one Deployment can be imported at a time"));
                    deployment = doc;
                    unknown(doc, "", DEPLOYMENT, "Deployment", violations);
                    JsonNode containers = doc.path("spec").path("template").path("spec").path("containers");
                    if (containers.size() != 1) {
                        violations.add(new Violation("Deployment.spec.template.spec.containers", "must hold exactly one container, held "
                                + containers.size()));
                    }
                }
                case "Service" -> {
                    service = doc;
                    unknown(doc, "", SERVICE, "Service", violations);
                }
                case "Secret" -> { } // values are never imported; the spec's secrets name them
                default -> violations.add(new Violation("[" + i + "].kind", "Drover imports Deployment, Service and Secret, was '" + kind + "'"));
            }
        }
        if (deployment == null) violations.add(new Violation("$", "must contain a Deployment"));
        if (!violations.isEmpty()) throw new InvalidSpecException(violations);
        Deployment d = Serialization.unmarshal(deployment.toString(), Deployment.class);
        Service s = service == null ? null : Serialization.unmarshal(service.toString(), Service.class);
        return fromNative(d, s);
    }

    static ServiceSpec fromNative(Deployment d, Service service) {
        var meta = d.getMetadata();
        var template = d.getSpec().getTemplate();
        PodSpec pod = template.getSpec();
        Container c = pod.getContainers().get(0);
        Map<String, String> podAnnotations = orEmpty(template.getMetadata() == null ? null : template.getMetadata().getAnnotations());
        String name = meta.getName();
        ServiceSpec.Builder b = ServiceSpec.builder(name).labels(userLabels(meta.getLabels()))
                .image(c.getImage()).command(orEmpty(c.getCommand())).args(orEmpty(c.getArgs()))
                .replicas(d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas());
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> secretEnv = new LinkedHashMap<>();   // k8s secret name -> variable
        for (EnvVar e : orEmpty(c.getEnv())) {
            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) secretEnv.put(e.getValueFrom().getSecretKeyRef().getName(), e.getName());
            else env.put(e.getName(), e.getValue() == null ? "" : e.getValue());
        }
        b.env(env);
        b.secrets(secrets(name, podAnnotations.get(KubernetesTranslator.SECRETS), secretEnv, pod, c));
        List<PortSpec> ports = new ArrayList<>();
        for (var p : orEmpty(c.getPorts())) {
            ports.add(new PortSpec(p.getName(), p.getContainerPort(), "UDP".equals(p.getProtocol()) ? Protocol.UDP : Protocol.TCP, p.getHostPort()));
        }
        b.ports(ports);
        if (service != null) {
            ExposeSpec recorded = KubernetesTranslator.exposeOf(service);
            b.expose(recorded != null ? recorded : expose(service));
        }
        if (c.getResources() != null) {
            b.resources(new Resources(amounts(c.getResources().getRequests()), amounts(c.getResources().getLimits())));
        }
        b.probes(new Probes(probe(c.getReadinessProbe()), probe(c.getLivenessProbe()), probe(c.getStartupProbe())));
        b.update(update(d, podAnnotations));
        b.placement(placement(pod));
        var sc = c.getSecurityContext();
        if (sc != null) {
            var caps = sc.getCapabilities();
            b.security(new SecurityPolicy(sc.getRunAsUser(), sc.getRunAsGroup(), sc.getRunAsNonRoot(), sc.getReadOnlyRootFilesystem(),
                    caps == null ? null : caps.getDrop(), caps == null ? null : caps.getAdd()));
        }
        Map<String, String> userAnnotations = new LinkedHashMap<>();
        podAnnotations.forEach((k, v) -> { if (!k.startsWith(Labels.PREFIX)) userAnnotations.put(k, v); });
        List<Toleration> tolerations = orEmpty(pod.getTolerations()).stream()
                .map(t -> new Toleration(t.getKey(), t.getOperator(), t.getValue(), t.getEffect())).toList();
        String account = pod.getServiceAccountName() != null ? pod.getServiceAccountName() : pod.getServiceAccount();
        if ("default".equals(account)) account = null;
        b.namespace(meta.getNamespace());
        b.extensions(new Extensions(new KubernetesExtension(null, account, c.getImagePullPolicy(),
                pod.getNodeSelector(), tolerations, userAnnotations), null, null, null));
        return b.build();
    }

    private static List<SecretRef> secrets(String service, String json, Map<String, String> secretEnv, PodSpec pod, Container c) {
        Map<String, String> volumeSecret = new LinkedHashMap<>();
        for (Volume v : orEmpty(pod.getVolumes())) if (v.getSecret() != null) volumeSecret.put(v.getName(), v.getSecret().getSecretName());
        Map<String, String> secretPath = new LinkedHashMap<>();
        for (VolumeMount m : orEmpty(c.getVolumeMounts())) {
            String secret = volumeSecret.get(m.getName());
            if (secret != null) secretPath.put(secret, m.getMountPath());
        }
        List<SecretRef> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        if (json != null) {
            try {
                for (JsonNode n : SpecIO.jsonMapper().readTree(json)) {
                    String neutral = n.path("name").asText();
                    String fromEnv = n.hasNonNull("fromEnv") ? n.get("fromEnv").asText() : null;
                    String fromFile = n.hasNonNull("fromFile") ? n.get("fromFile").asText() : null;
                    SecretRef probe = new SecretRef(neutral, null, null, fromEnv, fromFile);
                    String k8s = KubernetesTranslator.secretName(service, probe);
                    seen.add(k8s);
                    out.add(new SecretRef(neutral, secretEnv.get(k8s), secretPath.get(k8s), fromEnv, fromFile));
                }
            } catch (IOException e) {
                throw new InvalidSpecException(List.of(new Violation("metadata.annotations." + KubernetesTranslator.SECRETS,
                        "is not Drover's secret list: " + e.getMessage())), e);
            }
        }
        java.util.LinkedHashSet<String> others = new java.util.LinkedHashSet<>(secretEnv.keySet());
        others.addAll(secretPath.keySet());
        for (String k8s : others) {
            if (!seen.contains(k8s)) out.add(new SecretRef(k8s, secretEnv.get(k8s), secretPath.get(k8s), null, null));
        }
        return out;
    }

    private static ExposeSpec expose(Service s) {
        ExposeType type = switch (s.getSpec().getType() == null ? "ClusterIP" : s.getSpec().getType()) {
            case "NodePort" -> ExposeType.NODE_PORT;
            case "LoadBalancer" -> ExposeType.LOAD_BALANCER;
            default -> ExposeType.INTERNAL;
        };
        List<ExposedPort> ports = new ArrayList<>();
        for (ServicePort p : orEmpty(s.getSpec().getPorts())) {
            IntOrString t = p.getTargetPort();
            String target = t == null ? Integer.toString(p.getPort()) : t.getStrVal() != null ? t.getStrVal() : Integer.toString(t.getIntVal());
            ports.add(new ExposedPort(p.getPort(), target, p.getNodePort()));
        }
        return new ExposeSpec(type, ports);
    }

    private static ResourceAmounts amounts(Map<String, Quantity> m) {
        if (m == null || m.isEmpty()) return ResourceAmounts.NONE;
        Quantity cpu = m.get("cpu");
        Quantity memory = m.get("memory");
        return new ResourceAmounts(cpu == null ? null : io.drover.api.spec.Quantity.of(text(cpu)),
                memory == null ? null : io.drover.api.spec.Quantity.of(text(memory)));
    }

    private static String text(Quantity q) {
        return q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
    }

    private static Probe probe(io.fabric8.kubernetes.api.model.Probe p) {
        if (p == null) return null;
        HttpCheck http = p.getHttpGet() == null ? null : new HttpCheck(p.getHttpGet().getPath(), portText(p.getHttpGet().getPort()),
                p.getHttpGet().getScheme() == null ? null : p.getHttpGet().getScheme().toLowerCase(java.util.Locale.ROOT));
        TcpCheck tcp = p.getTcpSocket() == null ? null : new TcpCheck(portText(p.getTcpSocket().getPort()));
        ExecCheck exec = p.getExec() == null ? null : new ExecCheck(p.getExec().getCommand());
        return new Probe(http, tcp, exec, p.getInitialDelaySeconds(), p.getPeriodSeconds(), p.getTimeoutSeconds(),
                p.getFailureThreshold(), p.getSuccessThreshold());
    }

    private static String portText(IntOrString port) {
        if (port == null) return null;
        return port.getStrVal() != null ? port.getStrVal() : Integer.toString(port.getIntVal());
    }

    private static UpdatePolicy update(Deployment d, Map<String, String> annotations) {
        var strategy = d.getSpec().getStrategy();
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        UpdateOrder order;
        int parallelism;
        if (strategy != null && "Recreate".equals(strategy.getType())) {
            order = UpdateOrder.STOP_FIRST;
            parallelism = Math.max(1, replicas);
        } else {
            var ru = strategy == null ? null : strategy.getRollingUpdate();
            int surge = count(ru == null ? null : ru.getMaxSurge(), replicas, true);
            int unavailable = count(ru == null ? null : ru.getMaxUnavailable(), replicas, false);
            order = surge > 0 ? UpdateOrder.START_FIRST : UpdateOrder.STOP_FIRST;
            parallelism = Math.max(1, surge > 0 ? surge : unavailable);
        }
        FailureAction action = null;
        String a = annotations.get(KubernetesTranslator.FAILURE_ACTION);
        if (a != null) action = SpecIO.jsonMapper().convertValue(a, FailureAction.class);
        String monitor = annotations.get(KubernetesTranslator.MONITOR_SECONDS);
        return new UpdatePolicy(parallelism, order, action, monitor == null ? null : Integer.valueOf(monitor), d.getSpec().getMinReadySeconds());
    }

    /** An absolute or percentage maxSurge/maxUnavailable (default 25%) as a count, like the controller: surge rounds up, unavailable down. */
    private static int count(IntOrString v, int replicas, boolean roundUp) {
        if (v == null) v = new IntOrString("25%");
        if (v.getIntVal() != null) return v.getIntVal();
        String s = v.getStrVal().trim();
        if (!s.endsWith("%")) return Integer.parseInt(s);
        double n = Integer.parseInt(s.substring(0, s.length() - 1)) * replicas / 100.0;
        return (int) (roundUp ? Math.ceil(n) : Math.floor(n));
    }

    private static Placement placement(PodSpec pod) {
        List<String> constraints = new ArrayList<>();
        Integer maxPerNode = null;
        var affinity = pod.getAffinity();
        List<Violation> violations = new ArrayList<>();
        if (affinity != null && affinity.getNodeAffinity() != null && affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
            List<NodeSelectorTerm> terms = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
            if (terms != null && terms.size() > 1) {
                violations.add(new Violation("Deployment.spec.template.spec.affinity.nodeAffinity", "Drover maps one node selector term (all constraints hold), found "
                        + terms.size()));
            }
            if (terms != null && !terms.isEmpty()) {
                add(constraints, terms.get(0).getMatchExpressions(), false, violations);
                add(constraints, terms.get(0).getMatchFields(), true, violations);
            }
        }
        if (affinity != null && affinity.getPodAntiAffinity() != null) {
            var required = affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
            if (required != null && required.size() == 1 && NodeAttributes.HOSTNAME.equals(required.get(0).getTopologyKey())) maxPerNode = 1;
            else if (required != null && !required.isEmpty()) {
                violations.add(new Violation("Deployment.spec.template.spec.affinity.podAntiAffinity",
                        "Drover maps one anti-affinity term on kubernetes.io/hostname (maxPerNode 1)"));
            }
        }
        String spread = null;
        var tsc = orEmpty(pod.getTopologySpreadConstraints());
        if (!tsc.isEmpty()) spread = NodeAttributes.attribute(tsc.get(0).getTopologyKey());
        if (!violations.isEmpty()) throw new InvalidSpecException(violations);
        return new Placement(constraints, spread, maxPerNode);
    }

    private static void add(List<String> out, List<NodeSelectorRequirement> reqs, boolean field, List<Violation> violations) {
        for (NodeSelectorRequirement r : orEmpty(reqs)) {
            Optional<String> c = NodeAttributes.constraint(r, field);
            if (c.isPresent()) out.add(c.get());
            else violations.add(new Violation("Deployment.spec.template.spec.affinity.nodeAffinity", "Drover cannot express "
                    + r.getKey() + " " + r.getOperator() + " " + r.getValues()));
        }
    }

    private static Map<String, String> userLabels(Map<String, String> labels) {
        Map<String, String> out = new LinkedHashMap<>();
        orEmpty(labels).forEach((k, v) -> { if (!k.startsWith(Labels.PREFIX)) out.put(k, v); });
        return out;
    }

    // ------------------------------------------------------------------ unknown fields

    private static void unknown(JsonNode node, String path, List<Pattern> allowed, String kind, List<Violation> out) {
        if (!node.isObject() && !node.isArray()) return;
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String p = path + "[]";
                if (!node.get(i).isObject()) continue;
                walkObject(node.get(i), p, path + "[" + i + "]", allowed, kind, out);
            }
            return;
        }
        walkObject(node, path, path, allowed, kind, out);
    }

    private static void walkObject(JsonNode node, String normalized, String real, List<Pattern> allowed, String kind, List<Violation> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String n = normalized.isEmpty() ? f.getKey() : normalized + "." + f.getKey();
            String r = real.isEmpty() ? f.getKey() : real + "." + f.getKey();
            String match = n.startsWith(CONTAINER) ? "C." + n.substring(CONTAINER.length()) : n;
            boolean deep = allowed.stream().anyMatch(p -> p.pattern().endsWith("(\\..*)?") && p.matcher(match).matches());
            if (allowed.stream().noneMatch(p -> p.matcher(match).matches())) {
                out.add(new Violation(kind + "." + r, "is not a field Drover maps (see docs/backends/kubernetes.md)"));
                continue;
            }
            if (deep) continue;
            JsonNode v = f.getValue();
            if (v.isArray()) {
                for (int i = 0; i < v.size(); i++) {
                    if (v.get(i).isObject()) walkObject(v.get(i), n + "[]", r + "[" + i + "]", allowed, kind, out);
                }
            } else if (v.isObject()) {
                walkObject(v, n, r, allowed, kind, out);
            }
        }
    }

    private static List<Pattern> patterns(String... specs) {
        List<Pattern> out = new ArrayList<>();
        for (String s : specs) {
            String regex = s.endsWith(".**") ? s.substring(0, s.length() - 3).replace(".", "\\.").replace("\\\\.", "\\.") + "(\\..*)?"
                    : s.replace(".", "\\.").replace("\\\\.", "\\.");
            out.add(Pattern.compile(regex.replace("\\[\\]", "\\[\\]")));
        }
        return out;
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
