package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.gateway.routing.DeploymentStats;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Framing;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code latency-based-routing} over real HTTP ranks deployments by their time to first token,
 * not by how long their streams last: a deployment that starts at once and then talks for long
 * beats one that keeps the client waiting for its first word and then answers quickly.
 */
class LatencyRoutingTest {

    private static final String CHUNK = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word \"},\"finish_reason\":null}]}";

    private FakeUpstream upstream;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start("""
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/m, api_base: "%1$s/talker/v1", api_key: k}
                    model_info: {id: talker}
                  - model_name: gpt
                    litellm_params: {model: openai/m, api_base: "%1$s/ponderer/v1", api_key: k}
                    model_info: {id: ponderer}
                router_settings: {routing_strategy: latency-based-routing, num_retries: 0}
                """.formatted(upstream.baseUri()));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        upstream.close();
    }

    @Test
    void theDeploymentWithTheQuickerFirstTokenWinsEvenWhenItsStreamsLastLonger() throws Exception {
        // First token at once, the whole stream in about 1.5 s.
        upstream.on("POST", "/talker/v1/chat/completions").defaultReply(Reply.sse(Framing.DATA_THEN_DONE,
                CHUNK, CHUNK, CHUNK, CHUNK).toBuilder().delayBetweenEvents(Duration.ofMillis(500)).build());
        // First token after 0.7 s, then everything at once.
        upstream.on("POST", "/ponderer/v1/chat/completions").defaultReply(Reply.sse(Framing.DATA_THEN_DONE,
                CHUNK, CHUNK, CHUNK, CHUNK).toBuilder().delayBeforeHeaders(Duration.ofMillis(700)).build());

        // Unmeasured deployments go first: one request each.
        Set<String> measured = new HashSet<>();
        measured.add(servedBy(stream()));
        measured.add(servedBy(stream()));
        assertThat(measured).containsExactlyInAnyOrder("talker", "ponderer");

        DeploymentStats stats = gateway.gateway().dataPlane().router().stats();
        assertThat(stats.latencyMillis("talker")).isLessThan(stats.latencyMillis("ponderer"));
        assertThat(stats.latencyMillis("ponderer")).isGreaterThanOrEqualTo(700);
        for (int i = 0; i < 3; i++) {
            assertThat(servedBy(stream())).isEqualTo("talker");
        }
    }

    private HttpResponse<String> stream() throws Exception {
        HttpResponse<String> response = gateway.postJson("/v1/chat/completions",
                "{\"model\":\"gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
        return response;
    }

    private static String servedBy(HttpResponse<String> response) {
        return response.headers().firstValue(Answers.MODEL_ID_HEADER).orElseThrow();
    }
}
