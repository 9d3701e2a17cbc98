package io.drover.backend.nomad;

import static io.drover.backend.nomad.NomadJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.api.SecretValue;
import io.drover.api.spec.SecretRef;
import io.drover.api.spec.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets as Nomad Variables read by templates. Values Drover supplies (a secret with
 * {@code fromEnv}/{@code fromFile}) are the items of the variable {@code nomad/jobs/<job>/<group>},
 * which Drover writes before it registers the job; a secret without a source must be an item of
 * {@code nomad/jobs/<job>}, which the operator keeps. Both paths are readable by the job's own tasks
 * through their workload identity. The item key is the secret's name with {@code -} and {@code .}
 * as {@code _}, so that templates can read it as {@code .key}.
 *
 * <p>A secret with {@code env} becomes a template rendered to {@code secrets/<name>.env} with
 * {@code Envvars: true} (the value JSON-quoted); one with {@code path} becomes a template rendered to
 * {@code secrets/<name>} (mode 0400), bind-mounted read-only at the path through the docker
 * driver's {@code volumes} (a path in the task directory). A changed value restarts the task
 * ({@code ChangeMode: restart}). Values never appear in the job, in logs or in exceptions.
 */
final class NomadSecrets {
    private static final Pattern ENV_LINE = Pattern.compile("\\}\\}([A-Za-z_][A-Za-z0-9_]*)=\\{\\{");
    private static final Pattern VAR_PATH = Pattern.compile("nomadVar \"([^\"]+)\"");

    private NomadSecrets() {}

    /** The path of the variable Drover writes for {@code spec}'s sourced secrets. */
    static String droverPath(ServiceSpec spec) {
        return "nomad/jobs/" + spec.name() + "/" + spec.name();
    }

    /** The path of the variable holding secrets without a source (kept by the operator). */
    static String storePath(ServiceSpec spec) {
        return "nomad/jobs/" + spec.name();
    }

    static String key(String secretName) {
        return secretName.replace('-', '_').replace('.', '_');
    }

    static ArrayNode templates(ServiceSpec spec, ObjectNode config, ObjectNode hints) {
        ArrayNode templates = NomadJson.array();
        ObjectNode sources = NomadJson.object();
        ArrayNode volumes = NomadJson.array();
        for (SecretRef s : spec.secrets()) {
            String path = s.hasSource() ? droverPath(spec) : storePath(spec);
            String read = "{{ with nomadVar \"" + path + "\" }}";
            if (s.env() != null) {
                ObjectNode t = templates.addObject();
                t.put("DestPath", "secrets/" + s.name() + ".env");
                t.put("EmbeddedTmpl", read + s.env() + "={{ ." + key(s.name()) + " | toJSON }}{{ end }}\n");
                t.put("Envvars", true);
                t.put("ChangeMode", "restart");
            }
            if (s.path() != null) {
                ObjectNode t = templates.addObject();
                t.put("DestPath", "secrets/" + s.name());
                t.put("EmbeddedTmpl", read + "{{ ." + key(s.name()) + " }}{{ end }}");
                t.put("Perms", "0400");
                t.put("ChangeMode", "restart");
                volumes.add("secrets/" + s.name() + ":" + s.path() + ":ro");
            }
            if (s.fromEnv() != null) sources.put(s.name(), "fromEnv:" + s.fromEnv());
            if (s.fromFile() != null) sources.put(s.name(), "fromFile:" + s.fromFile());
        }
        if (!volumes.isEmpty()) config.set("volumes", volumes);
        if (!sources.isEmpty()) hints.set("secretSources", sources);
        return templates;
    }

    static List<SecretRef> fromTemplates(JsonNode templates, JsonNode config, JsonNode hints) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (String v : NomadJson.strings(config.path("volumes"))) {
            String[] parts = v.split(":");
            if (parts.length >= 2 && parts[0].startsWith("secrets/")) mounts.put(parts[0].substring("secrets/".length()), parts[1]);
        }
        Map<String, String[]> byName = new LinkedHashMap<>(); // name -> {env, path}
        for (JsonNode t : templates) {
            String dest = text(t, "DestPath");
            String tmpl = text(t, "EmbeddedTmpl");
            if (dest == null || tmpl == null || !dest.startsWith("secrets/") || !VAR_PATH.matcher(tmpl).find()) continue;
            String file = dest.substring("secrets/".length());
            if (t.path("Envvars").asBoolean(false) && file.endsWith(".env")) {
                Matcher m = ENV_LINE.matcher(tmpl);
                String name = file.substring(0, file.length() - ".env".length());
                if (m.find()) byName.computeIfAbsent(name, k -> new String[2])[0] = m.group(1);
            } else {
                byName.computeIfAbsent(file, k -> new String[2])[1] = mounts.get(file);
            }
        }
        List<SecretRef> out = new ArrayList<>();
        byName.forEach((name, envAndPath) -> {
            String source = text(hints.path("secretSources"), name);
            String fromEnv = source != null && source.startsWith("fromEnv:") ? source.substring(8) : null;
            String fromFile = source != null && source.startsWith("fromFile:") ? source.substring(9) : null;
            out.add(new SecretRef(name, envAndPath[0], envAndPath[1], fromEnv, fromFile));
        });
        return out;
    }

    /**
     * The body of {@code PUT /v1/var/<droverPath>} holding the sourced secrets' values, or null when
     * the spec has none. Never log it.
     */
    static ObjectNode variable(ServiceSpec spec, String namespace, Map<String, SecretValue> values) {
        ObjectNode items = NomadJson.object();
        for (SecretRef s : spec.secrets()) {
            SecretValue v = values.get(s.name());
            if (s.hasSource() && v != null) items.put(key(s.name()), new String(v.bytes(), StandardCharsets.UTF_8));
        }
        if (items.isEmpty()) return null;
        ObjectNode body = NomadJson.object();
        body.put("Namespace", namespace);
        body.put("Path", droverPath(spec));
        body.set("Items", items);
        return body;
    }
}
