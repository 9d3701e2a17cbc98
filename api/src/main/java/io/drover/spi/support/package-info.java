/**
 * Support code shared by the backends, so that they agree on what the SPI leaves to them (for
 * instance {@link io.drover.spi.support.VariableExpansion}, the {@code $(VAR)} rules of command and args).
 */
package io.drover.spi.support;
