package io.drover.api;

/** Text formats for rendered manifests. */
public enum RenderFormat { YAML, JSON }
