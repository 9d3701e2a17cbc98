package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Options only the Nomad backend reads: datacenters, namespace, region, canary count and job
 * priority. They expose Nomad concepts, which may change outside Drover's control.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NomadExtension(List<String> datacenters, String namespace, String region, Integer canary, Integer priority) {
    public NomadExtension {
        datacenters = datacenters == null ? List.of() : List.copyOf(datacenters);
    }
}
