package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An HTTP GET check: healthy when the answer is 2xx or 3xx. {@code port} names a declared port or gives its number as text. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HttpCheck(String path, String port, String scheme) {
    public HttpCheck {
        if (path == null) path = "/";
        if (scheme == null) scheme = "http";
    }
}
