package io.drover.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.api.error.DroverException;
import io.drover.cli.daemon.WireFormat;

/** The {@code -o} formats for machine-readable output. */
enum OutputFormat {
    /** YAML. */
    YAML,
    /** Pretty JSON. */
    JSON;

    /** {@code value} in this format, ending in a newline. */
    String write(Object value) {
        ObjectMapper mapper = this == YAML ? WireFormat.yaml() : WireFormat.json();
        try {
            String text = this == YAML ? mapper.writeValueAsString(value) : mapper.writerWithDefaultPrettyPrinter().writeValueAsString(value);
            return text.endsWith("\n") ? text : text + "\n";
        } catch (JsonProcessingException e) {
            throw new DroverException("cannot write the output as " + this + ": " + e.getOriginalMessage(), e);
        }
    }
}
