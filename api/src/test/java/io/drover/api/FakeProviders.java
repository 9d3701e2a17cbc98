package io.drover.api;

import io.drover.spi.Backend;
import io.drover.spi.BackendProvider;

/** Backend providers registered for tests in META-INF/services: two applicable, one not. */
public final class FakeProviders {
    private FakeProviders() {}

    /** "fake": applicable, priority 50. */
    public static final class Primary implements BackendProvider {
        @Override public String name() { return "fake"; }
        @Override public boolean isApplicable() { return true; }
        @Override public int priority() { return 50; }
        @Override public Backend create() { return new FakeBackend("fake", java.util.EnumSet.allOf(Capability.class)); }
    }

    /** "fake-low": applicable, priority 1 (like the local fallback). */
    public static final class Low implements BackendProvider {
        @Override public String name() { return "fake-low"; }
        @Override public boolean isApplicable() { return true; }
        @Override public int priority() { return 1; }
        @Override public Backend create() { return new FakeBackend("fake-low", java.util.EnumSet.allOf(Capability.class)); }
    }

    /** "fake-absent": highest priority but not applicable here. */
    public static final class Absent implements BackendProvider {
        @Override public String name() { return "fake-absent"; }
        @Override public boolean isApplicable() { return false; }
        @Override public int priority() { return 1000; }
        @Override public Backend create() { throw new AssertionError("an inapplicable provider must not be created"); }
    }
}
