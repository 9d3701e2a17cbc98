package io.drover.api;

/**
 * Kinds of problems, each with a default hint: the seed guide's troubleshooting table made
 * executable. {@link #isFatal()} says whether the problem keeps a service from ever becoming ready
 * without a change (which turns PENDING into FAILED).
 */
public enum ProblemType {
    UNSCHEDULABLE(false, "No node can run this instance. Check node capacity and placement constraints "
            + "(kubectl describe node, docker node ls, nomad node status)."),
    INSUFFICIENT_RESOURCES(false, "No node has room for the requested CPU or memory. Lower spec.resources.requests "
            + "or add capacity; check node capacity (kubectl describe node, docker node inspect)."),
    IMAGE_PULL_FAILED(true, "The image could not be pulled. Check the image name and tag, and that the registry is "
            + "reachable and its credentials are set."),
    CRASH_LOOP(true, "The app keeps crashing: read its logs (drover logs NAME) for the error, and check command, "
            + "args, env and config."),
    PROBE_FAILING(false, "A health probe is failing. Check the probe's path and port, and tune initialDelaySeconds, "
            + "periodSeconds and failureThreshold to the app's startup time."),
    PORT_CONFLICT(true, "A port is already in use on the host. Pick another port, or free it."),
    CONFIG_ERROR(true, "The backend refused the configuration. Check the field named in the message."),
    NODE_DOWN(false, "A node is not ready: check its network and agent (kubelet, dockerd, nomad). Instances are "
            + "rescheduled on other nodes where possible."),
    ROLLOUT_STUCK(true, "The rollout is not progressing. Check the new instances' problems and logs; roll back "
            + "with drover rollout undo NAME."),
    ROLLED_BACK(false, "The update failed and the service went back to its previous revision. Check the new "
            + "version's logs and probes before applying it again."),
    NO_READY_ENDPOINTS(false, "The service is exposed but no instance behind it is ready, so it is unreachable. "
            + "Check that the exposed target port matches a declared port and that readiness passes.");

    private final boolean fatal;
    private final String hint;

    ProblemType(boolean fatal, String hint) {
        this.fatal = fatal;
        this.hint = hint;
    }

    /** True when the problem keeps the service from becoming ready until something changes. */
    public boolean isFatal() { return fatal; }

    /** What to check or do, in plain words. */
    public String defaultHint() { return hint; }
}
