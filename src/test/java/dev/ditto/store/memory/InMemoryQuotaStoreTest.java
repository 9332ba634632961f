package dev.ditto.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ditto.control.AdmissionDeniedException;
import dev.ditto.control.AdmissionRequest;
import dev.ditto.control.Caller;
import dev.ditto.control.limits.GovernedAdmission;
import dev.ditto.control.limits.Quota;
import dev.ditto.control.limits.QuotaResolver;
import dev.ditto.control.limits.QuotaStore;
import dev.ditto.control.limits.QuotaStoreContract;
import dev.ditto.control.limits.RateLimit;
import dev.ditto.control.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The in-memory store passes the contract, and stays bounded under key churn. */
class InMemoryQuotaStoreTest extends QuotaStoreContract {

    private InMemoryQuotaStore shared = new InMemoryQuotaStore(InMemoryQuotaStore.DEFAULT_MAX_ENTRIES);

    @Override
    protected QuotaStore replica() {
        return shared;
    }

    @Test
    void countersOfPastWindowsAreEvictedSoMemoryDoesNotGrowWithKeyChurn() {
        shared = new InMemoryQuotaStore(1_000);
        QuotaResolver perKey = request -> List.of(new Quota(Scope.of(request.caller()).get(0),
                List.of(RateLimit.rpm(10), RateLimit.tpm(10_000)), null));
        GovernedAdmission engine = engine(perKey);

        for (int minute = 0; minute < 30; minute++) {
            for (int key = 0; key < 100; key++) {
                engine.admit(new AdmissionRequest("r", caller("key-" + minute + "-" + key), CHAT, "gpt", 10, 10L, false))
                        .settle(ok(10, 10));
            }
            clock.advance(Duration.ofMinutes(1));
        }

        // 100 new keys a minute, 2 counters each, kept for two windows: 3,000 keys went through a bound of 1,000.
        assertThat(shared.size()).isLessThanOrEqualTo(600);
    }

    @Test
    void aFullStoreIsUnavailableRatherThanUnbounded() {
        shared = new InMemoryQuotaStore(10);
        QuotaResolver perKey = request -> List.of(new Quota(Scope.of(request.caller()).get(0),
                List.of(RateLimit.parallel(5)), null));
        GovernedAdmission engine = engine(perKey);
        for (int key = 0; key < 5; key++) {
            engine.admit(new AdmissionRequest("r", caller("key-" + key), CHAT, "gpt", 10, 10L, false));
        }

        AdmissionDeniedException refused = catchThrowableOfType(AdmissionDeniedException.class, () -> engine.admit(
                new AdmissionRequest("r", caller("key-new"), CHAT, "gpt", 10, 10L, false)));

        assertThat(refused.status()).isEqualTo(503);
        assertThat(engine.stats().failedClosed()).isEqualTo(1);
        assertThat(shared.size()).isEqualTo(10);
    }

    private static Caller caller(String key) {
        return new Caller(key, null, null, null, null, Set.of(), Set.of(), Map.of());
    }
}
