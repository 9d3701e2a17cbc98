package io.drover.backend.local;

import io.drover.api.SecretValue;
import io.drover.api.spec.ServiceSpec;
import java.util.Map;

/**
 * One template of a service: its number, the spec it was applied with (replica count and exposure
 * aside, which live on the service), the secret values it runs with, and its fingerprint.
 */
record Revision(long number, ServiceSpec template, Map<String, SecretValue> secrets, String fingerprint) {
    Revision {
        secrets = Map.copyOf(secrets);
    }
}
