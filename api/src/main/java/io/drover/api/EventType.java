package io.drover.api;

/** What happened to a service. */
public enum EventType { ADDED, MODIFIED, DELETED }
