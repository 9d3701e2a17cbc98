package io.drover.backend.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Docker secret names: stable across releases, since a running service references them by name. */
class SwarmSecretNameTest {

    @Test
    void shortNamesAreServiceDashSecretDashFingerprint() {
        assertThat(SwarmTranslator.dockerSecretName("web", "db-password", "0123abcd"))
                .isEqualTo("web-db-password-0123abcd");
    }

    @Test
    void longNamesAreCutToDockersLimitWithTheFirstEightHexDigitsOfTheirSha256() {
        String service = "a-very-long-service-name-for-testing-secret-names-x";
        // printf %s 'a-very-long-service-name-for-testing-secret-names-x-db-password-key' | sha256sum
        // -> f96b8304...
        assertThat(SwarmTranslator.secretBaseName(service, "db-password-key"))
                .isEqualTo("a-very-long-service-name-for-testing-s-f96b8304");
        String name = SwarmTranslator.dockerSecretName(service, "db-password-key", "0123456789abcdef");
        assertThat(name).hasSizeLessThanOrEqualTo(64).startsWith("a-very-long-service-name-for-testing-s-f96b8304-");
    }
}
