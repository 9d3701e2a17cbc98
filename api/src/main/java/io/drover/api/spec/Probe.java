package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A health probe: exactly one of {@code http}, {@code tcp} or {@code exec}, with Kubernetes timing
 * semantics. The first check runs after {@code initialDelaySeconds}, then every {@code periodSeconds};
 * a check that takes longer than {@code timeoutSeconds} fails; {@code failureThreshold} consecutive
 * failures make the probe fail, {@code successThreshold} consecutive successes make it pass.
 * Reads like a sentence: {@code Probe.http("/healthz", "http").everySeconds(5)}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Probe(HttpCheck http, TcpCheck tcp, ExecCheck exec,
        Integer initialDelaySeconds, Integer periodSeconds, Integer timeoutSeconds,
        Integer failureThreshold, Integer successThreshold) {

    public static final int DEFAULT_PERIOD_SECONDS = 10;
    public static final int DEFAULT_TIMEOUT_SECONDS = 1;
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    public static final int DEFAULT_SUCCESS_THRESHOLD = 1;

    public Probe {
        if (initialDelaySeconds == null) initialDelaySeconds = 0;
        if (periodSeconds == null) periodSeconds = DEFAULT_PERIOD_SECONDS;
        if (timeoutSeconds == null) timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        if (failureThreshold == null) failureThreshold = DEFAULT_FAILURE_THRESHOLD;
        if (successThreshold == null) successThreshold = DEFAULT_SUCCESS_THRESHOLD;
    }

    /** An HTTP GET probe on {@code path} at the declared port named {@code port}. */
    public static Probe http(String path, String port) {
        return new Probe(new HttpCheck(path, port, null), null, null, null, null, null, null, null);
    }

    /** A TCP connect probe on the declared port named {@code port}. */
    public static Probe tcp(String port) {
        return new Probe(null, new TcpCheck(port), null, null, null, null, null, null);
    }

    /** A probe that runs {@code command} and passes when it exits 0. */
    public static Probe exec(String... command) {
        return new Probe(null, null, new ExecCheck(List.of(command)), null, null, null, null, null);
    }

    /** This probe, checked every {@code seconds}. */
    public Probe everySeconds(int seconds) {
        return new Probe(http, tcp, exec, initialDelaySeconds, seconds, timeoutSeconds, failureThreshold, successThreshold);
    }

    /** This probe, first checked after {@code seconds}. */
    public Probe afterSeconds(int seconds) {
        return new Probe(http, tcp, exec, seconds, periodSeconds, timeoutSeconds, failureThreshold, successThreshold);
    }

    /** This probe, with each check timing out after {@code seconds}. */
    public Probe timeoutSeconds(int seconds) {
        return new Probe(http, tcp, exec, initialDelaySeconds, periodSeconds, seconds, failureThreshold, successThreshold);
    }

    /** This probe, failing after {@code n} consecutive failed checks. */
    public Probe failingAfter(int n) {
        return new Probe(http, tcp, exec, initialDelaySeconds, periodSeconds, timeoutSeconds, n, successThreshold);
    }

    /** This probe, passing after {@code n} consecutive successful checks. */
    public Probe passingAfter(int n) {
        return new Probe(http, tcp, exec, initialDelaySeconds, periodSeconds, timeoutSeconds, failureThreshold, n);
    }

    /** The kind of check this probe runs, or null when none is set (an invalid probe). */
    @JsonIgnore
    public CheckKind kind() {
        if (http != null) return CheckKind.HTTP;
        if (tcp != null) return CheckKind.TCP;
        if (exec != null) return CheckKind.EXEC;
        return null;
    }

    /** The port a network check targets (name or number as text), or null for exec checks. */
    @JsonIgnore
    public String port() {
        if (http != null) return http.port();
        if (tcp != null) return tcp.port();
        return null;
    }

    /** The three kinds of check. */
    public enum CheckKind { HTTP, TCP, EXEC }
}
