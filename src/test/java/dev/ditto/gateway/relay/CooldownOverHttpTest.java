package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.gateway.routing.CooldownTracker;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A deployment's cooldown over real HTTP, with real time: it opens after the configured
 * failures, the router leaves the deployment alone while it lasts, and after
 * {@code cooldown_time} one probe request decides; a good answer closes it.
 */
class CooldownOverHttpTest {

    private static final String FLAKY = "/flaky/v1/chat/completions";
    private static final String STEADY = "/steady/v1/chat/completions";

    private FakeUpstream upstream;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start("""
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/m, api_base: "%1$s/flaky/v1", api_key: k}
                    model_info: {id: flaky}
                  - model_name: gpt
                    litellm_params: {model: openai/m, api_base: "%1$s/steady/v1", api_key: k}
                    model_info: {id: steady}
                router_settings: {routing_strategy: round-robin, num_retries: 1, allowed_fails: 1, cooldown_time: 1}
                """.formatted(upstream.baseUri()));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        upstream.close();
    }

    @Test
    void aCooldownOpensAfterTheConfiguredFailuresAndClosesThroughAProbeAfterItsTime() throws Exception {
        upstream.on("POST", FLAKY).enqueue(Reply.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
        upstream.on("POST", FLAKY).enqueue(Reply.json(503, "{\"error\":{\"message\":\"down\",\"type\":\"server_error\"}}"));
        upstream.on("POST", FLAKY).defaultReply(Reply.fixture("openai-chat/openai-text.json"));
        upstream.on("POST", STEADY).defaultReply(Reply.fixture("openai-chat/openai-text.json"));
        CooldownTracker cooldowns = gateway.gateway().dataPlane().router().cooldowns();

        // Round-robin starts with flaky; each failure is retried on steady, so every client gets its answer.
        assertThat(chat().statusCode()).isEqualTo(200);
        assertThat(cooldowns.availability("flaky")).as("one failure is allowed").isEqualTo(
                CooldownTracker.Availability.AVAILABLE);
        assertThat(chat().statusCode()).isEqualTo(200);
        assertThat(calls(FLAKY)).isEqualTo(2);
        assertThat(cooldowns.availability("flaky")).isEqualTo(CooldownTracker.Availability.COOLING_DOWN);

        for (int i = 0; i < 4; i++) {
            assertThat(chat().statusCode()).isEqualTo(200);
        }
        assertThat(calls(FLAKY)).as("left alone while cooling down").isEqualTo(2);

        Thread.sleep(Duration.ofMillis(1200).toMillis());
        assertThat(cooldowns.availability("flaky")).isEqualTo(CooldownTracker.Availability.PROBE);
        for (int i = 0; i < 2; i++) {
            assertThat(chat().statusCode()).isEqualTo(200);
        }

        assertThat(calls(FLAKY)).as("one probe").isEqualTo(3);
        assertThat(cooldowns.availability("flaky")).as("the probe's success closed it").isEqualTo(
                CooldownTracker.Availability.AVAILABLE);
        for (int i = 0; i < 2; i++) {
            assertThat(chat()).satisfies(response -> assertThat(response.statusCode()).isEqualTo(200));
        }
        assertThat(calls(FLAKY)).as("back in the rotation").isEqualTo(4);
    }

    private HttpResponse<String> chat() throws Exception {
        return gateway.postJson("/v1/chat/completions", "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    private long calls(String path) {
        return upstream.requests().stream().map(CapturedRequest::path).filter(path::equals).count();
    }
}
