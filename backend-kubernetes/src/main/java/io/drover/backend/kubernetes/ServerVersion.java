package io.drover.backend.kubernetes;

import io.fabric8.kubernetes.client.VersionInfo;

/**
 * The API server's version, from discovery ({@code /version}), and the API versions Drover uses
 * that differ between old and current servers: HorizontalPodAutoscaler {@code autoscaling/v2}
 * from 1.23 ({@code autoscaling/v2beta2} before) and CronJob {@code batch/v1} from 1.21
 * ({@code batch/v1beta1} before).
 *
 * @param major the major version (1)
 * @param minor the minor version (20 for 1.20.2)
 * @param gitVersion the full version, e.g. {@code v1.20.2}
 */
public record ServerVersion(int major, int minor, String gitVersion) {
    /** The version discovery reported. */
    public static ServerVersion of(VersionInfo v) {
        return new ServerVersion(number(v.getMajor()), number(v.getMinor()), v.getGitVersion());
    }

    /** True when the server is at least {@code major.minor}. */
    public boolean atLeast(int major, int minor) {
        return this.major > major || this.major == major && this.minor >= minor;
    }

    /** The HorizontalPodAutoscaler API to use. */
    public String autoscalingApi() {
        return atLeast(1, 23) ? "autoscaling/v2" : "autoscaling/v2beta2";
    }

    /** The CronJob API to use. */
    public String cronJobApi() {
        return atLeast(1, 21) ? "batch/v1" : "batch/v1beta1";
    }

    /** Reads "20", "20+" (as some providers write it) as 20. */
    private static int number(String s) {
        if (s == null) return 0;
        String digits = s.replaceAll("[^0-9].*$", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }
}
