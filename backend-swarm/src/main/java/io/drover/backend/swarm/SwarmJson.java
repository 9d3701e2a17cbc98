package io.drover.backend.swarm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.drover.api.error.InvalidSpecException;
import io.drover.api.spec.Violation;
import io.drover.api.spec.ExposeSpec;
import io.drover.api.spec.SpecIO;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading the Engine API's JSON: null-safe field access, string lists and maps, and the exposure
 * Drover keeps in a label. One class, so the translator, the status mapper and the backend share
 * these helpers instead of calling into each other.
 */
final class SwarmJson {
    private SwarmJson() {}

    /** The mapper for the Engine API's own objects: nulls left out, unknown fields ignored. */
    static final ObjectMapper NATIVE = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** The field as text, or null when it is absent or null. */
    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? null : v.asText();
    }

    /** The array's elements as text; empty when it is not an array. */
    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) array.forEach(x -> out.add(x.asText()));
        return out;
    }

    /** The object's fields as text, in order; empty when it is not an object. */
    static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        if (object != null && object.isObject()) object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** The exposure as the JSON kept in the {@link SwarmTranslator#EXPOSE_LABEL} label. */
    static String exposeJson(ExposeSpec expose) {
        try {
            return SpecIO.jsonMapper().writeValueAsString(expose);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the exposure", e);
        }
    }

    /** The exposure kept in the label. */
    static ExposeSpec readExpose(String json) {
        try {
            return SpecIO.jsonMapper().readValue(json, ExposeSpec.class);
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(List.of(new Violation("metadata.labels." + SwarmTranslator.EXPOSE_LABEL,
                    "is not an exposure: " + e.getOriginalMessage())), e);
        }
    }
}
