package dev.ditto.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ditto.config.RedisEndpoint;
import dev.ditto.control.AdmissionDeniedException;
import dev.ditto.control.AdmissionRequest;
import dev.ditto.control.Caller;
import dev.ditto.control.Outcome;
import dev.ditto.control.Permit;
import dev.ditto.control.limits.AdmissionStats;
import dev.ditto.control.limits.BudgetLimit;
import dev.ditto.control.limits.BudgetPeriod;
import dev.ditto.control.limits.FailurePolicy;
import dev.ditto.control.limits.GovernedAdmission;
import dev.ditto.control.limits.Quota;
import dev.ditto.control.limits.QuotaStoreUnavailableException;
import dev.ditto.control.limits.RateLimit;
import dev.ditto.control.Scope;
import dev.ditto.control.pricing.ModelPrice;
import dev.ditto.control.pricing.PriceBook;
import dev.ditto.sdk.Usage;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * With Redis unreachable (a closed port, so the shared Redis is never stopped), fail-closed
 * refuses with 503 and fail-open admits unchecked; both are counted, and nothing is silently
 * counted per replica instead.
 */
class RedisQuotaStoreUnavailableTest {

    private static final Caller CALLER = Caller.anonymous();
    private JedisPooled client;
    private RedisQuotaStore store;

    @BeforeEach
    void pointAtAClosedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        client = RedisConnector.open(new RedisEndpoint(null, "127.0.0.1", port, null), 2);
        store = new RedisQuotaStore(client, RedisQuotaStore.DEFAULT_PREFIX);
    }

    @AfterEach
    void close() {
        client.close();
    }

    private GovernedAdmission engine(FailurePolicy policy) {
        PriceBook prices = PriceBook.builder().deployment("d1", "gpt", ModelPrice.perMillion("1", "1")).build();
        return GovernedAdmission.builder(request -> List.of(new Quota(Scope.of(CALLER).get(0), List.of(RateLimit.rpm(1)),
                BudgetLimit.of(BigDecimal.ONE, BudgetPeriod.daily()))), store, prices).failurePolicy(policy).build();
    }

    private static AdmissionRequest request() {
        return new AdmissionRequest("req", CALLER, "/v1/chat/completions", "gpt", 10, 10L, false);
    }

    @Test
    void failClosedRefusesWith503AndCountsIt() {
        GovernedAdmission engine = engine(FailurePolicy.FAIL_CLOSED);

        AdmissionDeniedException first = catchThrowableOfType(AdmissionDeniedException.class, () -> engine.admit(request()));
        AdmissionDeniedException second = catchThrowableOfType(AdmissionDeniedException.class, () -> engine.admit(request()));

        assertThat(first.status()).isEqualTo(503);
        assertThat(first.code()).isEqualTo("limits_unavailable");
        assertThat(first.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(second.status()).isEqualTo(503);
        AdmissionStats stats = engine.stats();
        assertThat(stats.failedClosed()).isEqualTo(2);
        assertThat(stats.storeUnavailable()).isEqualTo(2);
        assertThat(stats.admitted()).isZero();
    }

    @Test
    void failOpenAdmitsUncheckedStillPricesAndCountsIt() {
        GovernedAdmission engine = engine(FailurePolicy.FAIL_OPEN);

        Permit first = engine.admit(request());
        Permit second = engine.admit(request());     // rpm=1 would refuse it if anything counted per replica
        BigDecimal cost = first.settle(new Outcome(Outcome.Status.OK, 200, "d1", "openai", "gpt", Usage.builder()
                .inputTokens(1L).outputTokens(0L).build(), Duration.ZERO, null, 1));

        assertThat(second).isNotNull();
        assertThat(cost).isEqualByComparingTo("0.000001");
        AdmissionStats stats = engine.stats();
        assertThat(stats.failedOpen()).isEqualTo(2);
        assertThat(stats.storeUnavailable()).isEqualTo(2);
        assertThat(stats.admitted()).isZero();
    }

    @Test
    void theReaperReportsTheOutageToItsCaller() {
        GovernedAdmission engine = engine(FailurePolicy.FAIL_OPEN);

        assertThatThrownBy(() -> engine.reap(Duration.ofMinutes(5), true, 10))
                .isInstanceOf(QuotaStoreUnavailableException.class)
                .hasMessageContaining("Redis did not answer");
    }
}
