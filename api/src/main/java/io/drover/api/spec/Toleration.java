package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A Kubernetes toleration: {@code operator} is {@code Equal} or {@code Exists}; {@code effect} NoSchedule, PreferNoSchedule or NoExecute. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Toleration(String key, String operator, String value, String effect) {}
