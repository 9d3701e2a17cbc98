package io.drover.api.spec;

/** A TCP check: healthy when a connection to {@code port} (a declared port's name, or its number as text) opens. */
public record TcpCheck(String port) {}
