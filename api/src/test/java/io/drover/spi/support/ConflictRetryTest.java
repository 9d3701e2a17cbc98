package io.drover.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.api.error.ConflictException;
import io.drover.api.error.ServiceNotFoundException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConflictRetryTest {
    private static ConflictException stale(int n) {
        return new ConflictException("update out of sequence #" + n, "fake", "apply", "web", 500, true, null);
    }

    @Test
    void aWriteThatLostARaceRunsAgainUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String result = ConflictRetry.run(() -> {
            if (calls.incrementAndGet() < 3) throw stale(calls.get());
            return "written";
        });
        assertThat(result).isEqualTo("written");
        assertThat(calls).hasValue(3);
    }

    @Test
    void theAttemptsAreBoundedAndTheLastConflictIsThrownAsItWas() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ConflictRetry.run(() -> { throw stale(calls.incrementAndGet()); }))
                .isInstanceOf(ConflictException.class).hasMessageContaining("#" + ConflictRetry.DEFAULT_ATTEMPTS);
        assertThat(calls).hasValue(ConflictRetry.DEFAULT_ATTEMPTS);
    }

    @Test
    void aConflictThatRetryingCannotCureIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ConflictRetry.run(() -> {
            calls.incrementAndGet();
            throw new ConflictException("port 8080 is in use", "fake", "apply", "web", 400, false, null);
        })).isInstanceOf(ConflictException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ConflictRetry.run(() -> {
            calls.incrementAndGet();
            throw new ServiceNotFoundException("fake", "scale", "web");
        })).isInstanceOf(ServiceNotFoundException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aBackendsOwnConflictTestDecidesWhatIsRetried() {
        AtomicInteger calls = new AtomicInteger();
        int result = ConflictRetry.run(12, e -> e instanceof IllegalStateException, () -> {
            if (calls.incrementAndGet() < 10) throw new IllegalStateException("409 Conflict");
            return calls.get();
        });
        assertThat(result).isEqualTo(10);
    }
}
