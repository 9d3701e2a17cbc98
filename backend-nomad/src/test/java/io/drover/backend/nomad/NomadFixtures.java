package io.drover.backend.nomad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Payloads shaped like the examples and field tables of Nomad's documented HTTP API. Each one says
 * where it comes from; where a documented sample is changed (a status, an event type), the comment
 * says what and from which documented value. Sources, abbreviated below:
 * <ul>
 *   <li>[jobs] content/nomad/v1.10.x/content/api-docs/jobs.mdx (skyzyx/web-unified-docs, commit 55e2342b, a copy of
 *       hashicorp/web-unified-docs; developer.hashicorp.com/nomad/api-docs/jobs);</li>
 *   <li>[allocs] hashicorp/nomad website/content/api-docs/allocations.mdx (commit 0842ab2c;
 *       developer.hashicorp.com/nomad/api-docs/allocations);</li>
 *   <li>[deployments] hashicorp/nomad website/content/api-docs/deployments.mdx (commit 1b7dfa15);</li>
 *   <li>[evals] hashicorp/nomad website/content/api-docs/evaluations.mdx (commit 04265bd0);</li>
 *   <li>[events] hashicorp/nomad website/content/api-docs/events.mdx (commit 01cd1485);</li>
 *   <li>[nodes] content/nomad/v1.10.x/content/api-docs/nodes.mdx (skyzyx/web-unified-docs 55e2342b);</li>
 *   <li>[client] hashicorp/nomad website/content/api-docs/client.mdx (commit 0ea30cc1), Stream Logs;</li>
 *   <li>[vars] hashicorp/nomad website/content/api-docs/variables/variables.mdx (commit 4bfe56ab);</li>
 *   <li>[index] content/nomad/v1.10.x/content/api-docs/index.mdx: X-Nomad-Token, namespaces, filtering;</li>
 *   <li>[src] text Nomad itself writes, from the hashicorp/nomad sources (mirror commit aa026cc9):
 *       nomad/structs/structs.go (task event types, "Exit Code: %d"), drivers/docker/coordinator.go:429
 *       ("Failed to pull `%s`: %w"), client/serviceregistration/watcher.go:94 ("healthcheck: check %q
 *       unhealthy"), client/allocrunner/taskrunner/restarts/restarts.go ("Restart within policy",
 *       "Exceeded allowed attempts, applying a delay"), nomad/structs/deployment.go (deployment status
 *       descriptions, " - rolling back to job version %d"), nomad/structs/errors.go ("Permission denied").</li>
 * </ul>
 */
final class NomadFixtures {
    private NomadFixtures() {}

    static final String ALLOC_ID = "5457f16d-0f87-8e6b-5e91-0c7da3a41eb7"; // [allocs] List Allocations sample
    static final String NODE_ID = "f476d2b4-02dc-c216-d031-273396727347";  // [allocs] List Allocations sample

    // [jobs] List Jobs sample response, with the Meta field that the documented parameter meta=true adds
    // ("jobs returned will include a meta field"); the meta values are the ones Drover writes.
    static final String JOBS = """
            [
              {
                "ID": "example", "ParentID": "", "Name": "example", "Type": "service", "Priority": 50,
                "Status": "running", "StatusDescription": "",
                "JobSummary": {
                  "JobID": "example", "Namespace": "default",
                  "Summary": { "cache": { "Queued": 0, "Complete": 0, "Failed": 0, "Running": 1, "Starting": 0, "Lost": 0 } },
                  "Children": { "Pending": 0, "Running": 0, "Dead": 0 },
                  "CreateIndex": 52, "ModifyIndex": 96
                },
                "Meta": { "io.drover/managed-by": "drover", "io.drover/service": "example", "io.drover/revision": "1", "tier": "web" },
                "CreateIndex": 52, "ModifyIndex": 93, "JobModifyIndex": 52
              },
              {
                "ID": "someone-elses", "ParentID": "", "Name": "someone-elses", "Type": "service", "Priority": 50,
                "Status": "running", "StatusDescription": "",
                "JobSummary": { "JobID": "someone-elses", "Namespace": "default", "Summary": {}, "Children": { "Pending": 0, "Running": 0, "Dead": 0 },
                  "CreateIndex": 10, "ModifyIndex": 11 },
                "Meta": null,
                "CreateIndex": 10, "ModifyIndex": 11, "JobModifyIndex": 10
              }
            ]
            """;

    /**
     * One task event with every field of the [allocs] List Allocations sample's events, all at their
     * sample values, then {@code Type}, {@code Time} and the given fields set.
     */
    static ObjectNode event(String type, long time, String... fieldValuePairs) {
        ObjectNode e = NomadJson.object();
        e.putObject("Details");
        e.put("DiskLimit", 0);
        e.put("DisplayMessage", "");
        e.put("DownloadError", "");
        e.put("DriverError", "");
        e.put("DriverMessage", "");
        e.put("ExitCode", 0);
        e.put("FailedSibling", "");
        e.put("FailsTask", false);
        e.put("GenericSource", "");
        e.put("KillError", "");
        e.put("KillReason", "");
        e.put("KillTimeout", 0);
        e.put("Message", "");
        e.put("RestartReason", "");
        e.put("SetupError", "");
        e.put("Signal", 0);
        e.put("StartDelay", 0);
        e.put("TaskSignal", "");
        e.put("TaskSignalReason", "");
        e.put("Time", time);
        e.put("Type", type);
        e.put("ValidationError", "");
        e.put("VaultError", "");
        for (int i = 0; i < fieldValuePairs.length; i += 2) {
            String v = fieldValuePairs[i + 1];
            if (fieldValuePairs[i].equals("ExitCode") || fieldValuePairs[i].equals("StartDelay")) e.put(fieldValuePairs[i], Long.parseLong(v));
            else e.put(fieldValuePairs[i], v);
        }
        return e;
    }

    /**
     * An allocation of the [allocs] List Allocations sample ({@code example.cache[0]} on node
     * {@code linux}, job version 0) with the given client status, deployment health (null: the field
     * is null, as [deployments] List Allocations for Deployment shows) and task events of task
     * {@code redis}.
     */
    static ObjectNode alloc(String id, String clientStatus, Boolean healthy, String taskState, int restarts, ObjectNode... events) {
        ObjectNode a = NomadJson.object();
        a.put("ClientDescription", clientStatus.equals("running") ? "Tasks are running" : "");
        a.put("ClientStatus", clientStatus);
        a.put("CreateIndex", 10);
        a.put("CreateTime", 1636017249798459000L);
        if (healthy == null) {
            a.putNull("DeploymentStatus");
        } else {
            ObjectNode ds = a.putObject("DeploymentStatus");
            ds.put("Canary", false);
            ds.put("Healthy", healthy);
            ds.put("ModifyIndex", 15);
            ds.put("Timestamp", "2021-11-04T10:14:22.054814+01:00");
        }
        a.put("DesiredDescription", "");
        a.put("DesiredStatus", "run");
        ObjectNode dt = a.putObject("DesiredTransition");
        dt.putNull("ForceReschedule");
        dt.putNull("Migrate");
        dt.putNull("Reschedule");
        a.put("EvalID", "cb20d15d-861f-8d8d-8253-e93932beea2e");
        a.put("FollowupEvalID", "");
        a.put("ID", id);
        a.put("JobID", "example");
        a.put("JobType", "service");
        a.put("JobVersion", 0);
        a.put("ModifyIndex", 15);
        a.put("ModifyTime", 1636017262190928000L);
        a.put("Name", "example.cache[0]");
        a.put("Namespace", "default");
        a.put("NodeID", NODE_ID);
        a.put("NodeName", "linux");
        a.putNull("PreemptedAllocations");
        a.put("PreemptedByAllocation", "");
        a.putNull("RescheduleTracker");
        a.put("TaskGroup", "cache");
        ObjectNode task = a.putObject("TaskStates").putObject("redis");
        ArrayNode list = task.putArray("Events");
        for (ObjectNode e : events) list.add(e);
        task.put("Failed", false);
        task.putNull("FinishedAt");
        task.putNull("LastRestart");
        task.put("Restarts", restarts);
        task.put("StartedAt", "2021-11-04T09:14:12.04996Z");
        task.put("State", taskState);
        task.putNull("TaskHandle");
        return a;
    }

    /** [allocs] the sample itself: running, healthy, events Received / Task Setup / Started. */
    static ObjectNode healthyAlloc() {
        return alloc(ALLOC_ID, "running", true, "running", 0,
                event("Received", 1636017249803624000L, "DisplayMessage", "Task received by client"),
                event("Task Setup", 1636017249805254000L, "DisplayMessage", "Building Task Directory", "Message", "Building Task Directory"),
                event("Started", 1636017252049956000L, "DisplayMessage", "Task started by client"));
    }

    /** [allocs] shape; event type "Driver Failure" from the Events field reference; DriverError as [src] drivers/docker/coordinator.go words it. */
    static ObjectNode imagePullAlloc() {
        return alloc(ALLOC_ID, "pending", null, "pending", 2,
                event("Received", 1636017249803624000L, "DisplayMessage", "Task received by client"),
                event("Driver Failure", 1636017250803624000L, "DriverError",
                        "Failed to pull `drover-test/nope:1`: Error response from daemon: pull access denied for drover-test/nope",
                        "DisplayMessage", "Failed to pull `drover-test/nope:1`: Error response from daemon: pull access denied for drover-test/nope"));
    }

    /** [allocs] shape; "Terminated" then "Restarting" from the Events field reference; DisplayMessage and RestartReason as [src] words them. */
    static ObjectNode crashLoopAlloc() {
        return alloc(ALLOC_ID, "pending", false, "pending", 3,
                event("Started", 1636017252049956000L, "DisplayMessage", "Task started by client"),
                event("Terminated", 1636017253049956000L, "ExitCode", "1", "DisplayMessage", "Exit Code: 1"),
                event("Restarting", 1636017253149956000L, "RestartReason", "Restart within policy", "StartDelay", "16260000000",
                        "DisplayMessage", "Restart within policy - Task restarting in 16.26s"));
    }

    /** [allocs] shape; "Restart Signaled" from the Events field reference; the reason as [src] client/serviceregistration/watcher.go words it. */
    static ObjectNode failingCheckAlloc() {
        return alloc(ALLOC_ID, "running", false, "running", 1,
                event("Started", 1636017252049956000L, "DisplayMessage", "Task started by client"),
                event("Restart Signaled", 1636017262049956000L, "RestartReason", "healthcheck: check \"liveness\" unhealthy",
                        "DisplayMessage", "healthcheck: check \"liveness\" unhealthy"));
    }

    /** [allocs] the sample with ClientStatus "lost" (a documented client status of allocations on a node that went down). */
    static ObjectNode lostAlloc() {
        return alloc(ALLOC_ID, "lost", true, "running", 0, event("Started", 1636017252049956000L, "DisplayMessage", "Task started by client"));
    }

    // [evals] List Evaluations sample with Status "blocked" and the FailedTGAllocs of the [jobs] Create Job Plan
    // sample response (DimensionExhausted {"cpu": 1}, "NodesInPool": 1 as v1.10 shows it).
    static final String EVALS_NO_CPU = """
            [
              {
                "ID": "5456bd7a-9fc0-c0dd-6131-cbee77f57577", "Priority": 50, "Type": "service", "TriggeredBy": "job-register",
                "JobID": "example", "JobModifyIndex": 52, "NodeID": "", "NodeModifyIndex": 0, "Status": "blocked",
                "StatusDescription": "created to place remaining allocations", "Wait": 0, "NextEval": "", "PreviousEval": "", "BlockedEval": "",
                "FailedTGAllocs": {
                  "cache": {
                    "CoalescedFailures": 3, "AllocationTime": 46415, "Scores": null, "NodesEvaluated": 1, "NodesFiltered": 0,
                    "NodesAvailable": { "dc1": 1 }, "NodesInPool": 1, "ClassFiltered": null, "ConstraintFiltered": null,
                    "NodesExhausted": 1, "ClassExhausted": null, "DimensionExhausted": { "cpu": 1 }
                  }
                },
                "ClassEligibility": null, "EscapedComputedClass": false, "AnnotatePlan": false, "SnapshotIndex": 53,
                "QueuedAllocations": { "cache": 1 }, "CreateIndex": 53, "ModifyIndex": 55
              }
            ]
            """;

    // The same evaluation, with the placement failed by a constraint instead: ConstraintFiltered keyed by the
    // constraint as [src] nomad/structs Constraint.String() writes it ("%s %s %s"), NodesFiltered 1, nothing exhausted.
    static final String EVALS_NO_NODE = EVALS_NO_CPU.replace("\"NodesFiltered\": 0", "\"NodesFiltered\": 1")
            .replace("\"ConstraintFiltered\": null", "\"ConstraintFiltered\": { \"${meta.zone} = a\": 1 }")
            .replace("\"NodesExhausted\": 1", "\"NodesExhausted\": 0").replace("\"DimensionExhausted\": { \"cpu\": 1 }", "\"DimensionExhausted\": null");

    // [jobs] List Job Deployments sample (a running deployment of version 1 after a successful one of version 0).
    static final String DEPLOYMENTS_RUNNING = """
            [
              {
                "ID": "85ee4a9a-339f-a921-a9ef-0550d20b2c61", "JobID": "example", "JobVersion": 1, "JobModifyIndex": 19, "JobCreateIndex": 7,
                "TaskGroups": { "cache": { "AutoRevert": true, "Promoted": false,
                  "PlacedCanaries": [ "d0ad0808-2765-abf6-1e15-79fb7fe5a416", "38c70cd8-81f2-1489-a328-87bb29ec0e0f" ],
                  "DesiredCanaries": 2, "DesiredTotal": 3, "PlacedAllocs": 2, "HealthyAllocs": 2, "UnhealthyAllocs": 0 } },
                "Status": "running", "StatusDescription": "Deployment is running", "CreateIndex": 21, "ModifyIndex": 25
              },
              {
                "ID": "fb6070fb-4a44-e255-4e6f-8213eba3871a", "JobID": "example", "JobVersion": 0, "JobModifyIndex": 7, "JobCreateIndex": 7,
                "TaskGroups": { "cache": { "AutoRevert": true, "Promoted": false, "PlacedCanaries": null,
                  "DesiredCanaries": 0, "DesiredTotal": 3, "PlacedAllocs": 3, "HealthyAllocs": 3, "UnhealthyAllocs": 0 } },
                "Status": "successful", "StatusDescription": "Deployment completed successfully", "CreateIndex": 9, "ModifyIndex": 17
              }
            ]
            """;

    // The same two deployments, the newer one failed with auto revert: Status "failed" and the StatusDescription
    // Nomad writes then, [src] DeploymentStatusDescriptionFailedAllocations + DeploymentStatusDescriptionRollback.
    static final String DEPLOYMENTS_AUTO_REVERTED = DEPLOYMENTS_RUNNING
            .replace("\"Status\": \"running\", \"StatusDescription\": \"Deployment is running\"",
                    "\"Status\": \"failed\", \"StatusDescription\": \"Failed due to unhealthy allocations - rolling back to job version 0\"");

    // The same, failed by its progress deadline without a revert ([src] DeploymentStatusDescriptionProgressDeadline).
    static final String DEPLOYMENTS_DEADLINE = DEPLOYMENTS_RUNNING.replace("\"AutoRevert\": true", "\"AutoRevert\": false")
            .replace("\"Status\": \"running\", \"StatusDescription\": \"Deployment is running\"",
                    "\"Status\": \"failed\", \"StatusDescription\": \"Failed due to progress deadline\"");

    // [nodes] List Nodes sample (trimmed to its top-level fields), once "ready" and once "down" (a documented node status).
    static String nodes(String status) {
        return """
                [ { "Address": "10.138.0.5", "CreateIndex": 6, "Datacenter": "dc1", "Drain": false, "ID": "%s", "LastDrain": null,
                    "ModifyIndex": 2526, "Name": "linux", "NodeClass": "", "NodePool": "default", "SchedulingEligibility": "eligible",
                    "Status": "%s", "StatusDescription": "", "Version": "0.8.0-rc1" } ]
                """.formatted(NODE_ID, status);
    }

    // [jobs] Job Services sample response, for job "example".
    static final String SERVICES = """
            [
              { "Address": "127.0.0.1", "AllocID": "177160af-26f6-619f-9c9f-5e46d1104395", "CreateIndex": 14, "Datacenter": "dc1",
                "ID": "_nomad-task-177160af-26f6-619f-9c9f-5e46d1104395-redis-example-cache-redis-db", "JobID": "example",
                "ModifyIndex": 24, "Namespace": "default", "NodeID": "7406e90b-de16-d118-80fe-60d0f2730cb3", "Port": 29702,
                "ServiceName": "example", "Tags": [ "db", "cache" ] }
            ]
            """;

    // [jobs] Create Job sample response.
    static final String REGISTERED = """
            { "EvalID": "", "EvalCreateIndex": 0, "JobModifyIndex": 109, "Warnings": "", "Index": 0, "LastContact": 0, "KnownLeader": false }
            """;

    // [jobs] Scale Task Group sample response.
    static final String SCALED = """
            { "EvalCreateIndex": 45, "EvalID": "116f3ede-f6a5-f6e7-2d0e-1fda136390f0", "Index": 45, "JobModifyIndex": 44,
              "KnownLeader": false, "LastContact": 0, "Warnings": "" }
            """;

    // [jobs] Revert / Stop a Job sample response (the same body).
    static final String EVALUATION_CREATED = """
            { "EvalID": "d092fdc0-e1fd-2536-67d8-43af8ca798ac", "EvalCreateIndex": 35, "JobModifyIndex": 34 }
            """;

    // [vars] Create Variable sample response, for Drover's path of job "example".
    static final String VARIABLE = """
            { "Namespace": "default", "Path": "nomad/jobs/example/example", "CreateIndex": 1457, "ModifyIndex": 1457,
              "CreateTime": 1662061225600373000, "ModifyTime": 1662061225600373000, "Items": { "db_password": "passw0rd1" } }
            """;

    // [events] Sample Response shape ({"Index": n, "Events": [...]}) with an Allocation topic event: Topic, Type
    // AllocationUpdated (Event Types table), Key, Namespace, FilterKeys, Index, and Payload.Allocation (Event Topics table:
    // "Allocation (no job information)") holding the [allocs] sample allocation.
    static String allocationEvent(long index, JsonNode alloc) {
        ObjectNode frame = NomadJson.object();
        frame.put("Index", index);
        ObjectNode e = frame.putArray("Events").addObject();
        e.put("Topic", "Allocation");
        e.put("Type", "AllocationUpdated");
        e.put("Key", alloc.path("ID").asText());
        e.put("Namespace", "default");
        e.putArray("FilterKeys").add("example");
        e.put("Index", index);
        e.putObject("Payload").set("Allocation", alloc);
        return NomadJson.compact(frame);
    }
}
