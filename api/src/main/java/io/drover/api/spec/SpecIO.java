package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.drover.api.error.InvalidSpecException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and writes {@link ServiceSpec}s as YAML or JSON in the {@code apiVersion: drover.io/v1,
 * kind: Service} form. Reading checks structure (unknown fields, with a "did you mean"; wrong types;
 * enum values) and reports every such violation at once in an {@link InvalidSpecException};
 * malformed text is reported with its line and column. Semantic rules are {@link SpecValidator}'s.
 * Thread-safe.
 */
public final class SpecIO {
    /** The only apiVersion this release reads and writes. */
    public static final String API_VERSION = "drover.io/v1";
    /** The only kind this release reads and writes. */
    public static final String KIND = "Service";

    // Each mapper is built on first use (holder classes): building one, and the serializers and
    // deserializers of the spec's records it then makes, is a good part of a CLI start.
    private static final class Json {
        static final ObjectMapper MAPPER = configure(JsonMapper.builder()).build();
    }

    private static final class Yaml {
        static final ObjectMapper MAPPER = configure(YAMLMapper.builder(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .stringQuotingChecker(new NumberQuotingChecker())
                .build())).build();
    }

    /** Writes a spec straight to its document form (see {@link DocumentModule}). */
    private static final class Document {
        static final ObjectMapper MAPPER = configure(JsonMapper.builder()).addModule(new DocumentModule(false)).build();
    }

    /** The document form with every mapping's keys sorted and valid quantities as their amount. */
    private static final class Canonical {
        static final ObjectMapper MAPPER = configure(JsonMapper.builder())
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .addModule(new DocumentModule(true))
                .build();
    }

    private SpecIO() {}

    private static <M extends ObjectMapper, B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<M, B>> B configure(B b) {
        return b.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // records' accessors carry the properties; helpers such as isReady() are not properties
                .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                // the one Jackson module Drover's types need, named rather than looked up with a ServiceLoader
                .addModule(new JavaTimeModule());
    }

    /** A JSON mapper configured like Drover's own (for statuses and events), shared and thread-safe. */
    public static ObjectMapper jsonMapper() { return Json.MAPPER; }

    /** A YAML mapper configured like Drover's own, shared and thread-safe. */
    public static ObjectMapper yamlMapper() { return Yaml.MAPPER; }

    /** Reads one spec from YAML or JSON text (JSON is YAML too). */
    public static ServiceSpec read(String text) {
        List<ServiceSpec> all = readAll(text);
        if (all.isEmpty()) {
            throw new InvalidSpecException(List.of(new Violation("$", "holds no document; expected one with apiVersion, kind, metadata and spec")));
        }
        if (all.size() != 1) {
            throw new InvalidSpecException(List.of(new Violation("$", "expected exactly one document, found " + all.size())));
        }
        return all.get(0);
    }

    /** Reads every spec of a multi-document YAML text ({@code ---} separated). */
    public static List<ServiceSpec> readAll(String text) {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = Yaml.MAPPER.getFactory().createParser(text)) {
            Iterator<JsonNode> it = Yaml.MAPPER.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode n = it.next();
                // an empty document ("---" alone, or only comments) reads as null or as empty text: skip it
                if (n != null && !n.isNull() && !n.isMissingNode() && !(n.isTextual() && n.asText().isEmpty())) docs.add(n);
            }
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof JsonProcessingException jpe) throw malformed(jpe);
            throw new InvalidSpecException(List.of(new Violation("$", "cannot be read: " + e.getMessage())), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ServiceSpec> specs = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) specs.add(fromTree(docs.get(i), docs.size() == 1 ? "" : "[" + i + "]", violations));
        if (!violations.isEmpty()) throw new InvalidSpecException(violations);
        return specs;
    }

    /** Reads one spec from a file; a missing file is an {@link InvalidSpecException} naming it. */
    public static ServiceSpec read(Path file) {
        try {
            return read(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InvalidSpecException(List.of(new Violation("$", "file not found: " + file)));
        } catch (IOException e) {
            throw new InvalidSpecException(List.of(new Violation("$", "cannot read " + file + ": " + e.getMessage())), e);
        }
    }

    /** Builds a spec from a parsed document tree in the {@code apiVersion/kind/metadata/spec} form. */
    public static ServiceSpec fromTree(JsonNode doc) {
        List<Violation> violations = new ArrayList<>();
        ServiceSpec spec = fromTree(doc, "", violations);
        if (!violations.isEmpty()) throw new InvalidSpecException(violations);
        return spec;
    }

    /** Reads one document, adding its violations to {@code out}; null when it has any. */
    private static ServiceSpec fromTree(JsonNode doc, String docPrefix, List<Violation> out) {
        List<Violation> violations = new ArrayList<>();
        String root = docPrefix.isEmpty() ? "" : docPrefix + ".";
        if (doc == null || !doc.isObject()) {
            out.add(new Violation(docPrefix.isEmpty() ? "$" : docPrefix,
                    "must be a mapping with apiVersion, kind, metadata and spec, was " + (doc == null ? "empty" : SpecSchema.describe(doc))));
            return null;
        }
        SpecSchema.checkKeys(doc, List.of("apiVersion", "kind", "metadata", "spec"), root, violations);
        JsonNode apiVersion = doc.get("apiVersion");
        if (apiVersion == null || apiVersion.isNull()) {
            violations.add(new Violation(root + "apiVersion", "is required and must be " + API_VERSION));
        } else if (!API_VERSION.equals(apiVersion.asText())) {
            violations.add(new Violation(root + "apiVersion", "must be " + API_VERSION + ", was '" + apiVersion.asText() + "'"));
        }
        JsonNode kind = doc.get("kind");
        if (kind == null || kind.isNull()) {
            violations.add(new Violation(root + "kind", "is required and must be " + KIND));
        } else if (!KIND.equals(kind.asText())) {
            violations.add(new Violation(root + "kind", "must be " + KIND + ", was '" + kind.asText() + "'"));
        }
        ObjectNode flat = Json.MAPPER.createObjectNode();
        JsonNode metadata = doc.get("metadata");
        if (metadata == null || metadata.isNull()) {
            violations.add(new Violation(root + "metadata", "is required (metadata.name names the service)"));
        } else if (!metadata.isObject()) {
            violations.add(new Violation(root + "metadata", "must be a mapping, was " + SpecSchema.describe(metadata)));
        } else {
            SpecSchema.checkKeys(metadata, List.of("name", "namespace", "labels"), root + "metadata.", violations);
            if (metadata.has("namespace")) flat.set("namespace", metadata.get("namespace"));
            if (metadata.has("name")) flat.set("name", metadata.get("name"));
            if (metadata.has("labels")) flat.set("labels", metadata.get("labels"));
        }
        JsonNode spec = doc.get("spec");
        if (spec == null || spec.isNull()) {
            violations.add(new Violation(root + "spec", "is required"));
        } else if (!spec.isObject()) {
            violations.add(new Violation(root + "spec", "must be a mapping, was " + SpecSchema.describe(spec)));
        } else {
            spec.fields().forEachRemaining(e -> {
                if (!SpecSchema.METADATA.contains(e.getKey())) flat.set(e.getKey(), e.getValue());
                else violations.add(new Violation(root + "spec." + e.getKey(), "unknown field; it belongs under metadata"));
            });
        }
        SpecSchema.check(flat, ServiceSpec.class, root, violations);
        if (!violations.isEmpty()) {
            out.addAll(violations);
            return null;
        }
        if (!flat.has("replicas")) flat.put("replicas", 1);
        try {
            return Json.MAPPER.treeToValue(flat, ServiceSpec.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            out.add(new Violation(root.isEmpty() ? "spec" : root + "spec", "cannot be read: " + firstLine(e.getMessage())));
            return null;
        }
    }

    /** The spec as YAML in the {@code apiVersion/kind/metadata/spec} form, without empty sections. */
    public static String toYaml(ServiceSpec spec) {
        try {
            return Yaml.MAPPER.writeValueAsString(toTree(spec));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The spec as pretty JSON in the {@code apiVersion/kind/metadata/spec} form. */
    public static String toJson(ServiceSpec spec) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toTree(spec));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Compact one-line JSON in the document form, as written (quantities keep their text): for
     * storing a spec in a backend's label or annotation.
     */
    public static String toCompactJson(ServiceSpec spec) {
        try {
            return Document.MAPPER.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Compact JSON with sorted keys: equal specs give equal text (used for fingerprints, so it must
     * not change from release to release). Equal quantities (1Gi and 1024Mi) give equal text:
     * valid ones are written as their amount.
     */
    public static String toCanonicalJson(ServiceSpec spec) {
        try {
            return Canonical.MAPPER.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The spec as a document tree in the {@code apiVersion/kind/metadata/spec} form. */
    public static ObjectNode toTree(ServiceSpec spec) {
        return Document.MAPPER.valueToTree(spec);
    }

    private static InvalidSpecException malformed(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return new InvalidSpecException(List.of(new Violation("$", "malformed YAML/JSON" + where + ": " + firstLine(e.getOriginalMessage()))), e);
    }

    private static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * Quotes every text value that YAML could read back as a number ({@code 1e3}, {@code .5},
     * {@code 0x1F}, {@code -.inf}), which Jackson's default leaves plain, so that text stays text.
     */
    static final class NumberQuotingChecker extends StringQuotingChecker.Default {
        private static final long serialVersionUID = 1L;
        private static final Pattern NUMBERISH = Pattern.compile(
                "[-+]?(0[xXbBoO][0-9a-fA-F_]+|[0-9][0-9_:]*(\\.[0-9_]*)?([eE][-+]?[0-9]+)?|\\.[0-9][0-9_]*([eE][-+]?[0-9]+)?|\\.(inf|Inf|INF))|\\.(nan|NaN|NAN)");

        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || NUMBERISH.matcher(value).matches();
        }
    }
}
