/**
 * The TCK's cases, one class per concern, over one shared {@link io.drover.tck.kit.TckContext};
 * {@link io.drover.tck.DroverCompatibilityKit} composes them as nested groups.
 */
package io.drover.tck.kit;
