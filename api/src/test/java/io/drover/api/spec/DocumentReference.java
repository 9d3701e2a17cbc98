package io.drover.api.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The document forms as SpecIO first made them, from a tree: the spec's JSON tree with nulls, empty
 * lists, maps and sections pruned, rearranged under metadata and spec; the canonical text from
 * that tree with valid quantities as amounts and every mapping's keys sorted. SpecIO now writes
 * them straight from the spec; the tests hold it to these.
 */
final class DocumentReference {
    private static final ObjectMapper JSON = SpecIO.jsonMapper();
    private static final ObjectMapper SORTING = ((JsonMapper) SpecIO.jsonMapper()).rebuild()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private DocumentReference() {}

    static ObjectNode tree(ServiceSpec spec) {
        ObjectNode flat = JSON.valueToTree(spec);
        prune(flat);
        ObjectNode doc = JSON.createObjectNode();
        doc.put("apiVersion", SpecIO.API_VERSION);
        doc.put("kind", SpecIO.KIND);
        ObjectNode metadata = doc.putObject("metadata");
        if (flat.has("name")) metadata.set("name", flat.remove("name"));
        if (flat.has("namespace")) metadata.set("namespace", flat.remove("namespace"));
        if (flat.has("labels")) metadata.set("labels", flat.remove("labels"));
        doc.set("spec", flat);
        return doc;
    }

    static String compact(ServiceSpec spec) {
        return write(JSON, tree(spec));
    }

    static String canonical(ServiceSpec spec) {
        ObjectNode tree = tree(spec);
        JsonNode resources = tree.path("spec").path("resources");
        for (String kind : List.of("requests", "limits")) {
            if (!(resources.path(kind) instanceof ObjectNode amounts)) continue;
            ResourceAmounts a = kind.equals("requests") ? spec.resources().requests() : spec.resources().limits();
            for (String field : List.of("cpu", "memory")) {
                Quantity q = field.equals("cpu") ? a.cpu() : a.memory();
                if (q != null && q.isValid()) amounts.put(field, q.amount().stripTrailingZeros().toPlainString());
            }
        }
        return write(SORTING, sorted(tree));
    }

    private static String write(ObjectMapper mapper, JsonNode tree) {
        try {
            return mapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void prune(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> remove = new ArrayList<>();
            o.fields().forEachRemaining(e -> {
                prune(e.getValue());
                JsonNode v = e.getValue();
                if (v.isNull() || (v.isContainerNode() && v.isEmpty())) remove.add(e.getKey());
            });
            o.remove(remove);
        } else if (node instanceof ArrayNode a) {
            for (JsonNode child : a) prune(child);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            keys.stream().sorted().forEach(k -> out.set(k, sorted(node.get(k))));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(child -> out.add(sorted(child)));
            return out;
        }
        return node;
    }
}
