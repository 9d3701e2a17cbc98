package io.drover.backend.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every field Drover writes into a job is one Nomad documents, with the documented JSON type. The
 * table below is transcribed from Nomad's JSON job specification and its HTTP API sources:
 * <ul>
 *   <li>hashicorp/nomad website/content/api-docs/json-jobs.mdx (commit 010d8a1a): Job, Task Group,
 *       Task, Resources, Network/ports, Restart and Reschedule Policy, Update, Constraint, Spread,
 *       Service and check fields, Template (and "durations in nanoseconds");</li>
 *   <li>hashicorp/nomad api/services.go, api/tasks.go and api/resources.go (the Go structs whose field
 *       names are the JSON names): {@code Provider}, {@code SuccessBeforePassing},
 *       {@code FailuresBeforeCritical}, {@code TaskName} of ServiceCheck, {@code CheckRestart}
 *       (Limit, Grace, IgnoreWarnings), {@code MemoryMaxMB}, {@code Envvars}, {@code Perms},
 *       {@code To} of Port;</li>
 *   <li>the docker driver's options {@code image}, {@code entrypoint}, {@code args}, {@code ports},
 *       {@code readonly_rootfs}, {@code cap_drop}, {@code cap_add}, {@code volumes},
 *       {@code cpu_hard_limit}: developer.hashicorp.com/nomad/docs/job-declare/task-driver/docker.</li>
 * </ul>
 * Types: S string, I integer, N nanosecond duration (an integer), B boolean, A array, O object,
 * M map of strings.
 */
class NomadJobSchemaTest {
    private static final Map<String, Map<String, String>> SCHEMA = Map.ofEntries(
            Map.entry("payload", Map.of("Job", "O")),
            Map.entry("Job", Map.of("ID", "S", "Name", "S", "Type", "S", "Namespace", "S", "Region", "S", "Priority", "I",
                    "Datacenters", "A", "TaskGroups", "A", "Meta", "M")),
            Map.entry("TaskGroup", Map.ofEntries(Map.entry("Name", "S"), Map.entry("Count", "I"), Map.entry("Constraints", "A"),
                    Map.entry("Spreads", "A"), Map.entry("Networks", "A"), Map.entry("Services", "A"), Map.entry("RestartPolicy", "O"),
                    Map.entry("ReschedulePolicy", "O"), Map.entry("Update", "O"), Map.entry("Tasks", "A"))),
            Map.entry("Constraint", Map.of("LTarget", "S", "RTarget", "S", "Operand", "S")),
            Map.entry("Spread", Map.of("Attribute", "S", "Weight", "I")),
            Map.entry("Network", Map.of("DynamicPorts", "A", "ReservedPorts", "A")),
            Map.entry("Port", Map.of("Label", "S", "Value", "I", "To", "I")),
            Map.entry("Service", Map.of("Name", "S", "PortLabel", "S", "Provider", "S", "Checks", "A")),
            Map.entry("Check", Map.ofEntries(Map.entry("Name", "S"), Map.entry("Type", "S"), Map.entry("Path", "S"),
                    Map.entry("Protocol", "S"), Map.entry("PortLabel", "S"), Map.entry("Command", "S"), Map.entry("Args", "A"),
                    Map.entry("TaskName", "S"), Map.entry("Interval", "N"), Map.entry("Timeout", "N"),
                    Map.entry("SuccessBeforePassing", "I"), Map.entry("FailuresBeforeCritical", "I"), Map.entry("CheckRestart", "O"))),
            Map.entry("CheckRestart", Map.of("Limit", "I", "Grace", "N", "IgnoreWarnings", "B")),
            Map.entry("RestartPolicy", Map.of("Attempts", "I", "Interval", "N", "Delay", "N", "Mode", "S")),
            Map.entry("ReschedulePolicy", Map.of("Attempts", "I", "Interval", "N", "Delay", "N", "DelayFunction", "S",
                    "MaxDelay", "N", "Unlimited", "B")),
            Map.entry("Update", Map.of("MaxParallel", "I", "HealthCheck", "S", "MinHealthyTime", "N", "HealthyDeadline", "N",
                    "ProgressDeadline", "N", "AutoRevert", "B", "Canary", "I", "AutoPromote", "B")),
            Map.entry("Task", Map.of("Name", "S", "Driver", "S", "User", "S", "Config", "O", "Env", "M", "Resources", "O",
                    "Templates", "A")),
            Map.entry("Config", Map.of("image", "S", "entrypoint", "A", "args", "A", "ports", "A", "readonly_rootfs", "B",
                    "cap_drop", "A", "cap_add", "A", "volumes", "A", "cpu_hard_limit", "B")),
            Map.entry("Resources", Map.of("CPU", "I", "MemoryMB", "I", "MemoryMaxMB", "I")),
            Map.entry("Template", Map.of("DestPath", "S", "EmbeddedTmpl", "S", "Envvars", "B", "ChangeMode", "S", "Perms", "S")));

    @ParameterizedTest
    @ValueSource(strings = {"minimal", "full", "exec-probe", "nodeport"})
    void everyFieldOfTheGoldenJobIsADocumentedOneWithItsDocumentedType(String name) throws Exception {
        JsonNode payload = NomadJson.parse(NomadTranslatorGoldenTest.resource(name + ".nomad.json"));
        List<String> wrong = new ArrayList<>();
        check("payload", payload, "$", wrong);
        JsonNode job = payload.get("Job");
        check("Job", job, "$.Job", wrong);
        for (JsonNode g : job.path("TaskGroups")) {
            check("TaskGroup", g, "$.Job.TaskGroups[]", wrong);
            each("Constraint", g.path("Constraints"), "TaskGroups[].Constraints[]", wrong);
            each("Spread", g.path("Spreads"), "TaskGroups[].Spreads[]", wrong);
            for (JsonNode n : g.path("Networks")) {
                check("Network", n, "Networks[]", wrong);
                each("Port", n.path("DynamicPorts"), "DynamicPorts[]", wrong);
                each("Port", n.path("ReservedPorts"), "ReservedPorts[]", wrong);
            }
            for (JsonNode s : g.path("Services")) {
                check("Service", s, "Services[]", wrong);
                for (JsonNode c : s.path("Checks")) {
                    check("Check", c, "Checks[]", wrong);
                    if (c.has("CheckRestart")) check("CheckRestart", c.get("CheckRestart"), "CheckRestart", wrong);
                }
            }
            check("RestartPolicy", g.path("RestartPolicy"), "RestartPolicy", wrong);
            check("ReschedulePolicy", g.path("ReschedulePolicy"), "ReschedulePolicy", wrong);
            check("Update", g.path("Update"), "Update", wrong);
            for (JsonNode t : g.path("Tasks")) {
                check("Task", t, "Tasks[]", wrong);
                check("Config", t.path("Config"), "Config", wrong);
                if (t.has("Resources")) check("Resources", t.get("Resources"), "Resources", wrong);
                each("Template", t.path("Templates"), "Templates[]", wrong);
            }
        }
        assertThat(wrong).as("fields or types Nomad does not document").isEmpty();
        assertThat(job.path("TaskGroups").path(0).path("Update").path("MinHealthyTime").asLong() % 1_000_000_000L)
                .as("durations are nanoseconds").isZero();
    }

    private static void each(String type, JsonNode array, String path, List<String> wrong) {
        for (JsonNode n : array) check(type, n, path, wrong);
    }

    private static void check(String type, JsonNode node, String path, List<String> wrong) {
        Map<String, String> fields = SCHEMA.get(type);
        node.fields().forEachRemaining(e -> {
            String expected = fields.get(e.getKey());
            if (expected == null) {
                wrong.add(path + "." + e.getKey() + ": not a documented " + type + " field");
            } else if (!matches(expected, e.getValue())) {
                wrong.add(path + "." + e.getKey() + ": documented as " + expected + ", written as " + e.getValue().getNodeType());
            }
        });
    }

    private static boolean matches(String type, JsonNode v) {
        return switch (type) {
            case "S" -> v.isTextual();
            case "I", "N" -> v.isIntegralNumber();
            case "B" -> v.isBoolean();
            case "A" -> v.isArray();
            case "O" -> v.isObject();
            case "M" -> v.isObject() && allText(v);
            default -> false;
        };
    }

    private static boolean allText(JsonNode object) {
        for (JsonNode v : object) if (!v.isTextual()) return false;
        return true;
    }
}
