package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.config.ConfigLoader;
import dev.ditto.config.ConfigSource;
import dev.ditto.config.GatewaySettings;
import dev.ditto.gateway.ModelCatalog;
import dev.ditto.gateway.routing.Router;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.ProviderUnavailableException;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.SdkException;
import dev.ditto.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The retry schedule of one request: retries within the group back off exponentially with
 * jitter, unless the upstream said when to come back ({@code Retry-After}, capped); then the
 * fallbacks; a client error ends the plan.
 */
class AttemptPlanTest {

    private final FakeClock clock = FakeClock.ofDefaults();

    private Router router() {
        GatewaySettings settings = new ConfigLoader(name -> null).load(new ConfigSource("test", """
                model_list:
                  - {model_name: solo, litellm_params: {model: openai/s}, model_info: {id: s}}
                  - {model_name: backup, litellm_params: {model: openai/b}, model_info: {id: b}}
                router_settings: {allowed_fails: 100}
                litellm_settings: {fallbacks: [{"solo": ["backup"]}]}
                """));
        return new Router(settings, ModelCatalog.of(settings.modelList()), clock, new Random(1));
    }

    private static SdkException unavailable() {
        return new ProviderUnavailableException("HTTP 503", ErrorDetails.empty().withStatus(503));
    }

    private static SdkException rateLimited(Duration retryAfter) {
        return new RateLimitedException("HTTP 429", ErrorDetails.empty().withStatus(429).withRetryAfter(retryAfter));
    }

    @Test
    void retriesBackOffExponentiallyWithJitterThenFallBack() {
        List<Duration> first = new ArrayList<>();
        List<Duration> second = new ArrayList<>();
        for (int seed = 0; seed < 200; seed++) {
            AttemptPlan plan = new AttemptPlan(router(), "solo", 2, new Random(seed));
            assertThat(plan.next(null).orElseThrow().delay()).isZero();
            first.add(plan.next(unavailable()).orElseThrow().delay());
            second.add(plan.next(unavailable()).orElseThrow().delay());
            AttemptPlan.Attempt fallback = plan.next(unavailable()).orElseThrow();
            assertThat(fallback.deployment().id()).isEqualTo("b");
            assertThat(fallback.delay()).isZero();
        }

        assertThat(first).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(100), Duration.ofMillis(200)));
        assertThat(second).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(200), Duration.ofMillis(400)));
        assertThat(first.stream().distinct().count()).as("jittered").isGreaterThan(20);
    }

    @Test
    void retryAfterSetsTheBackOffUpToItsCap() {
        AttemptPlan plan = new AttemptPlan(router(), "solo", 3, new Random(1));
        plan.next(null);

        assertThat(plan.next(rateLimited(Duration.ofSeconds(3))).orElseThrow().delay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(plan.next(rateLimited(Duration.ofMinutes(5))).orElseThrow().delay()).isEqualTo(DataPlane.MAX_BACKOFF);
    }

    @Test
    void aClientErrorEndsThePlan() {
        AttemptPlan plan = new AttemptPlan(router(), "solo", 2, new Random(1));
        plan.next(null);

        Optional<AttemptPlan.Attempt> next = plan.next(new InvalidRequestException("HTTP 400", ErrorDetails.empty()));

        assertThat(next).isEmpty();
    }
}
