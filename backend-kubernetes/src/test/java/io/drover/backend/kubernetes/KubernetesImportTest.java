package io.drover.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.api.error.InvalidSpecException;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.UpdateOrder;
import io.drover.api.spec.Violation;
import org.junit.jupiter.api.Test;

/** Importing Deployment and Service YAML written by hand or printed by kubectl. */
class KubernetesImportTest {
    private final KubernetesTranslator translator = new KubernetesTranslator();

    private static final String HAND_WRITTEN = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: hello
              labels: { app: hello }
            spec:
              replicas: 4
              selector: { matchLabels: { app: hello } }
              template:
                metadata: { labels: { app: hello } }
                spec:
                  containers:
                  - name: web
                    image: nginx:1.25
                    ports: [ { containerPort: 80, name: http } ]
                    env: [ { name: MODE, value: prod } ]
            ---
            apiVersion: v1
            kind: Service
            metadata: { name: hello }
            spec:
              type: NodePort
              selector: { app: hello }
              ports: [ { port: 80, targetPort: http } ]
            """;

    @Test
    void handWrittenDeploymentAndServiceImport() {
        ServiceSpec spec = translator.importNative(HAND_WRITTEN);
        assertThat(spec.name()).isEqualTo("hello");
        assertThat(spec.replicas()).isEqualTo(4);
        assertThat(spec.image()).isEqualTo("nginx:1.25");
        assertThat(spec.labels()).containsEntry("app", "hello");
        assertThat(spec.env()).containsEntry("MODE", "prod");
        assertThat(spec.port("http")).isPresent();
        assertThat(spec.expose().ports()).singleElement().satisfies(p -> assertThat(p.targetPort()).isEqualTo("http"));
        // the default 25% surge of 4 replicas is one at a time, start-first
        assertThat(spec.update().order()).isEqualTo(UpdateOrder.START_FIRST);
        assertThat(spec.update().parallelism()).isEqualTo(1);
    }

    private static final String FROM_SERVER = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: hello
              namespace: default
              uid: 0b5c5d2e-1
              resourceVersion: "4242"
              generation: 3
              creationTimestamp: "2026-12-01T10:00:00Z"
              annotations: { deployment.kubernetes.io/revision: "3" }
              managedFields: [ { manager: kubectl, operation: Update } ]
            spec:
              replicas: 2
              progressDeadlineSeconds: 600
              revisionHistoryLimit: 10
              selector: { matchLabels: { app: hello } }
              strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 25%, maxUnavailable: 25% } }
              template:
                metadata: { creationTimestamp: null, labels: { app: hello } }
                spec:
                  containers:
                  - name: web
                    image: nginx:1.25
                    imagePullPolicy: IfNotPresent
                    terminationMessagePath: /dev/termination-log
                    terminationMessagePolicy: File
                    resources: {}
                  dnsPolicy: ClusterFirst
                  restartPolicy: Always
                  schedulerName: default-scheduler
                  securityContext: {}
                  terminationGracePeriodSeconds: 30
            status: { replicas: 2, readyReplicas: 2, conditions: [ { type: Available, status: "True" } ] }
            """;

    @Test
    void serverFilledFieldsOfKubectlGetAreAccepted() {
        ServiceSpec spec = translator.importNative(FROM_SERVER);
        assertThat(spec.name()).isEqualTo("hello");
        assertThat(spec.replicas()).isEqualTo(2);
        assertThat(spec.namespace()).isEqualTo("default");
    }

    @Test
    void unknownFieldsAreRefusedByName() {
        String withExtras = FROM_SERVER.replace("      containers:\n", """
                  initContainers: [ { name: init, image: busybox } ]
                  hostNetwork: true
                  containers:
            """).replace("    image: nginx:1.25\n", "    image: nginx:1.25\n        workingDir: /srv\n");
        assertThatThrownBy(() -> translator.importNative(withExtras)).isInstanceOfSatisfying(InvalidSpecException.class,
                e -> assertThat(e.violations()).extracting(Violation::path).contains(
                        "Deployment.spec.template.spec.initContainers", "Deployment.spec.template.spec.hostNetwork",
                        "Deployment.spec.template.spec.containers[0].workingDir"));
    }

    @Test
    void otherKindsAndMissingDeploymentAreRefused() {
        assertThatThrownBy(() -> translator.importNative("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n"))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.violations()).extracting(Violation::path)
                        .contains("[0].kind", "$"));
    }

    @Test
    void aSecondContainerIsRefused() {
        String two = HAND_WRITTEN.replace("        env: [ { name: MODE, value: prod } ]",
                "        env: [ { name: MODE, value: prod } ]\n      - name: sidecar\n        image: envoy:1");
        assertThatThrownBy(() -> translator.importNative(two)).isInstanceOfSatisfying(InvalidSpecException.class,
                e -> assertThat(e.violations()).extracting(Violation::path).contains("Deployment.spec.template.spec.containers"));
    }
}
