package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Options only the local backend reads: the working directory of the processes and how long a
 * stopping process gets before it is killed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocalExtension(String workingDirectory, Integer stopTimeoutSeconds) {}
