package io.drover.backend.kubernetes;

import io.drover.api.spec.PortSpec;
import io.drover.api.spec.ServiceSpec;
import io.drover.tck.TestWorkload;

/**
 * The TCK workload on Kubernetes: the busybox image {@code drover-test/web:<version>} (busybox
 * httpd on 8080 under a small sh supervisor), imported into the node's containerd by
 * scripts/k8s-up.sh, run with the image's own entrypoint. Instances are reached on their pod IPs.
 */
final class KubernetesTestWorkload implements TestWorkload {
    @Override
    public ServiceSpec.Builder service(String name, int version) {
        return ServiceSpec.builder(name).image("drover-test/web:" + version).port(PortSpec.tcp("http", 8080));
    }

    @Override
    public String versionPath() {
        return "/cgi-bin/version";
    }

    @Override
    public String healthPath() {
        return "/cgi-bin/health";
    }

    @Override
    public String failPath() {
        return "/cgi-bin/fail";
    }

    @Override
    public String crashPath(int exitCode) {
        return "/cgi-bin/crash?code=" + exitCode;
    }
}
