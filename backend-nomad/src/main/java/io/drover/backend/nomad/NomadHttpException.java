package io.drover.backend.nomad;

/**
 * A Nomad HTTP API call answered with a status other than 2xx: the method and path tried, the
 * status and the agent's message (Nomad answers errors as plain text). Turned into Drover's
 * exceptions by {@link NomadErrorMapper} only.
 */
final class NomadHttpException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String request;
    private final String body;

    NomadHttpException(int status, String request, String body) {
        super(request + " answered " + status + (body == null || body.isBlank() ? "" : ": " + body.strip()));
        this.status = status;
        this.request = request;
        this.body = body == null ? "" : body.strip();
    }

    int status() { return status; }

    /** {@code METHOD /v1/path} (no query, which may hold nothing secret but is noise). */
    String request() { return request; }

    /** The agent's own message. */
    String body() { return body; }
}
