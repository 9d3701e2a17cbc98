package io.drover.cli.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.api.error.DroverException;
import io.drover.api.spec.SpecIO;

/**
 * The JSON form of everything that crosses the daemon's control channel, and of the CLI's
 * {@code -o json|yaml} output: Drover's own mappers ({@link SpecIO#jsonMapper()},
 * {@link SpecIO#yamlMapper()}), which write instants as ISO-8601 text and statuses field by field.
 * Thread-safe.
 */
public final class WireFormat {
    private static final ObjectMapper JSON = SpecIO.jsonMapper();
    private static final ObjectMapper YAML = SpecIO.yamlMapper();

    private WireFormat() {}

    /** The JSON mapper for the wire and {@code -o json}. */
    public static ObjectMapper json() { return JSON; }

    /** The YAML mapper for {@code -o yaml}. */
    public static ObjectMapper yaml() { return YAML; }

    /** {@code value} as compact JSON. */
    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new DroverException("cannot write " + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads {@code type} from JSON text. */
    public static <T> T fromJson(String text, Class<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new DroverException("cannot read " + type.getSimpleName() + " from the daemon's answer: " + e.getOriginalMessage(), e);
        }
    }
}
