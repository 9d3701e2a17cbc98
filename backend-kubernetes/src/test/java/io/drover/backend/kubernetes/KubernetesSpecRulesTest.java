package io.drover.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.api.Drover;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.spec.Extensions;
import io.drover.api.spec.KubernetesExtension;
import io.drover.api.spec.Placement;
import io.drover.api.spec.RestartCondition;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.Toleration;
import io.drover.api.spec.Violation;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Kubernetes backend's own rules: its extension section and what a Deployment cannot express. */
class KubernetesSpecRulesTest {
    static final String LABEL_KEY = "is not a valid label key (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";

    static ServiceSpec.Builder base() {
        return ServiceSpec.builder("web").image("nginx:1.27").port("http", 80).replicas(2);
    }

    static Extensions k8s(String namespace, String serviceAccount, String pullPolicy, Map<String, String> nodeSelector,
            List<Toleration> tolerations, Map<String, String> annotations) {
        return new Extensions(new KubernetesExtension(namespace, serviceAccount, pullPolicy, nodeSelector, tolerations, annotations), null, null, null);
    }

    static Extensions toleration(String key, String operator, String value, String effect) {
        return k8s(null, null, null, null, List.of(new Toleration(key, operator, value, effect)), null);
    }

    static Arguments invalid(String description, Supplier<ServiceSpec> spec, String path, String message) {
        return Arguments.of(Named.of(description, spec), path, message);
    }

    static Stream<Arguments> invalidExtensions() {
        return Stream.of(
                invalid("upper-case namespace", () -> base().extensions(k8s("Shop", null, null, null, null, null)).build(),
                        "spec.extensions.kubernetes.namespace", "must be a DNS-1123 label, was 'Shop'"),
                invalid("namespace of 64 characters", () -> base().extensions(k8s("a".repeat(64), null, null, null, null, null)).build(),
                        "spec.extensions.kubernetes.namespace", "must be a DNS-1123 label, was '" + "a".repeat(64) + "'"),
                invalid("service account with underscore", () -> base().extensions(k8s(null, "web_sa", null, null, null, null)).build(),
                        "spec.extensions.kubernetes.serviceAccount", "must be a DNS-1123 subdomain, was 'web_sa'"),
                invalid("pull policy in lower case", () -> base().extensions(k8s(null, null, "always", null, null, null)).build(),
                        "spec.extensions.kubernetes.imagePullPolicy", "must be one of Always, IfNotPresent, Never, was 'always'"),
                invalid("node selector key with a dash first", () -> base().extensions(k8s(null, null, null, Map.of("-zone", "a"), null, null)).build(),
                        "spec.extensions.kubernetes.nodeSelector.-zone", LABEL_KEY),
                invalid("toleration operator In", () -> base().extensions(toleration("k", "In", "v", null)).build(),
                        "spec.extensions.kubernetes.tolerations[0].operator", "must be Equal or Exists, was 'In'"),
                invalid("toleration Exists with value", () -> base().extensions(toleration("k", "Exists", "v", null)).build(),
                        "spec.extensions.kubernetes.tolerations[0].value", "must be empty when operator is Exists"),
                invalid("toleration Equal without key", () -> base().extensions(toleration(null, null, "v", null)).build(),
                        "spec.extensions.kubernetes.tolerations[0].key", "is required when operator is Equal"),
                invalid("toleration effect Never", () -> base().extensions(toleration("k", "Equal", "v", "Never")).build(),
                        "spec.extensions.kubernetes.tolerations[0].effect", "must be one of NoSchedule, PreferNoSchedule, NoExecute, was 'Never'"),
                invalid("toleration key with a space", () -> base().extensions(toleration("bad key", "Exists", null, null)).build(),
                        "spec.extensions.kubernetes.tolerations[0].key",
                        "must be a label key (at most 63 letters, digits, '-', '_' or '.', with an optional DNS-subdomain prefix), was 'bad key'"),
                invalid("toleration value with a control character", () -> base().extensions(toleration("k", "Equal", "a\u0007", null)).build(),
                        "spec.extensions.kubernetes.tolerations[0].value", "must not contain control characters, found U+0007"),
                invalid("annotation key with a space", () -> base().extensions(k8s(null, null, null, null, null, Map.of("bad key", "x"))).build(),
                        "spec.extensions.kubernetes.annotations.bad key",
                        "is not a valid annotation key (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)"),
                invalid("annotation with invalid prefix", () -> base().extensions(k8s(null, null, null, null, null, Map.of("Ex_ample/key", "x"))).build(),
                        "spec.extensions.kubernetes.annotations.Ex_ample/key", "has an invalid prefix 'Ex_ample' (must be a DNS subdomain)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidExtensions")
    void eachInvalidExtensionIsReportedWithItsExactPathAndReason(Supplier<ServiceSpec> spec, String path, String message) {
        assertThat(KubernetesSpecRules.extension(spec.get())).containsExactly(new Violation(path, message));
        assertThat(KubernetesSpecRules.validate(spec.get())).containsExactly(new Violation(path, message));
        assertThat(new KubernetesBackendProvider().validate(spec.get())).containsExactly(new Violation(path, message));
    }

    static Stream<Arguments> limits() {
        return Stream.of(
                invalid("spread over node ids", () -> base().placement(new Placement(null, "node.id", null)).build(), "spec.placement.spread",
                        "must be node.hostname, node.platform.os, node.platform.arch or node.labels.<key> on Kubernetes, was 'node.id'"),
                invalid("two instances per node", () -> base().placement(new Placement(null, null, 2)).build(), "spec.placement.maxPerNode",
                        "Kubernetes can cap instances per node at 1 only (pod anti-affinity), was 2"),
                invalid("an annotation under Drover's prefix", () -> base().extensions(k8s(null, null, null, null, null, Map.of("io.drover/spec", "x"))).build(),
                        "spec.extensions.kubernetes.annotations", "the prefix io.drover/ is Drover's own, was 'io.drover/spec'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void whatADeploymentCannotExpressIsTheBackendsRuleOnly(Supplier<ServiceSpec> spec, String path, String message) {
        assertThat(KubernetesSpecRules.validate(spec.get())).containsExactly(new Violation(path, message));
        assertThat(KubernetesSpecRules.extension(spec.get())).as("holds only where the spec is applied").isEmpty();
        assertThat(new KubernetesBackendProvider().validate(spec.get())).isEmpty();
    }

    @Test
    void everyViolationIsReportedAtOnceInFieldOrder() {
        ServiceSpec spec = base().placement(new Placement(null, "node.id", 3))
                .extensions(k8s("Shop", null, "always", null, null, Map.of("io.drover/x", "y"))).build();
        assertThat(KubernetesSpecRules.validate(spec)).extracting(Violation::path).containsExactly("spec.placement.spread",
                "spec.placement.maxPerNode", "spec.extensions.kubernetes.namespace", "spec.extensions.kubernetes.imagePullPolicy",
                "spec.extensions.kubernetes.annotations");
    }

    @Test
    void anExtensionNamespaceMustAgreeWithMetadataNamespace() {
        ServiceSpec spec = base().namespace("shop").extensions(k8s("team-a", null, null, null, null, null)).build();
        assertThat(KubernetesSpecRules.validate(spec)).containsExactly(new Violation("spec.extensions.kubernetes.namespace",
                "is 'team-a' but metadata.namespace is 'shop'; set metadata.namespace only"));
        assertThat(KubernetesSpecRules.validate(base().namespace("shop").extensions(k8s("shop", null, null, null, null, null)).build()))
                .isEmpty();
        assertThat(KubernetesBackend.namespaceOf(base().namespace("shop").build(), "default")).isEqualTo("shop");
        assertThat(KubernetesBackend.namespaceOf(base().extensions(k8s("team-a", null, null, null, null, null)).build(), "default"))
                .isEqualTo("team-a");
        assertThat(KubernetesBackend.namespaceOf(base().build(), "default")).isEqualTo("default");
    }

    @Test
    void neutralViolationsAreNotRepeated() {
        ServiceSpec spec = base().replicas(-1).placement(new Placement(List.of("zone = a"), "rack", null)).build();
        assertThat(KubernetesSpecRules.validate(spec)).isEmpty();
    }

    @Test
    void restartPoliciesAreLeftToTheCapabilityCheck() {
        // Kubernetes does not declare restart-on-failure: strict mode refuses it, lenient mode downgrades it
        ServiceSpec spec = base().restart(RestartCondition.ON_FAILURE).build();
        assertThat(KubernetesSpecRules.validate(spec)).isEmpty();
    }

    @Test
    void aFullKubernetesSectionIsValid() {
        ServiceSpec spec = base().placement(new Placement(List.of("node.role == worker"), "node.labels.zone", 1))
                .extensions(k8s("shop", "web.sa", "IfNotPresent", Map.of("io.drover/pool", "a"),
                        List.of(new Toleration(null, "Exists", null, "NoExecute")), Map.of("example.com/owner", "team a"))).build();
        assertThat(KubernetesSpecRules.validate(spec)).isEmpty();
    }

    @Test
    void theFacadeReportsTheseRulesWithTheNeutralOnesBeforeContactingTheCluster() {
        // port 1 on loopback: any request would fail with a connection error instead of the violations
        KubernetesConfig nowhere = new KubernetesConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build(), null, "a test");
        ServiceSpec spec = base().replicas(-1).extensions(k8s("Shop", null, null, null, null, null)).build();
        try (Drover drover = Drover.builder(new KubernetesBackend(nowhere)).build()) {
            assertThatThrownBy(() -> drover.apply(spec)).isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.violations())
                    .containsExactly(new Violation("spec.replicas", "must be 0 or more, was -1"),
                            new Violation("spec.extensions.kubernetes.namespace", "must be a DNS-1123 label, was 'Shop'")));
        }
    }
}
