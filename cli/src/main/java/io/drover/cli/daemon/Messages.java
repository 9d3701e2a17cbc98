package io.drover.cli.daemon;

import io.drover.api.Capability;
import io.drover.api.Downgrade;
import io.drover.api.RenderFormat;
import io.drover.api.ServiceStatus;
import io.drover.api.spec.ServiceSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The request and response bodies of the daemon's control channel that are not API types themselves. */
final class Messages {
    private Messages() {}

    /** {@code POST /v1/apply}: the spec and its secret values (base64, by secret name). */
    record ApplyRequest(ServiceSpec spec, Map<String, String> secrets) {}

    /** {@code GET /v1/services/NAME}: the status, or null when the service does not exist. */
    record StatusResponse(ServiceStatus status) {}

    /** {@code POST /v1/services/NAME/scale}. */
    record ScaleRequest(int replicas) {}

    /** {@code POST /v1/services/NAME/rollback}: the revision now desired. */
    record RollbackResponse(long revision) {}

    /** {@code DELETE /v1/services/NAME}: whether something was deleted. */
    record DeleteResponse(boolean deleted) {}

    /** {@code POST /v1/render}. */
    record RenderRequest(ServiceSpec spec, RenderFormat format) {}

    /** {@code POST /v1/render}, {@code POST /v1/import}: text. */
    record TextMessage(String text) {}

    /** {@code POST /v1/downgrade}. */
    record DowngradeRequest(ServiceSpec spec, Set<Capability> missing) {}

    /** {@code POST /v1/downgrade}: the adapted spec and what was changed. */
    record DowngradeResponse(ServiceSpec spec, List<Downgrade> downgrades) {}

    /** {@code GET /v1/daemon}: facts about the daemon process for {@code drover local status}. */
    record DaemonFacts(long pid, int port, Instant startedAt, String home, String backend, int services) {}
}
