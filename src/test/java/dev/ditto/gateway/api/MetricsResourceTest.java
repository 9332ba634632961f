package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.PrometheusText;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may read /metrics, over real HTTP: the master key, the metrics token, or anyone when open. */
class MetricsResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODELS = "model_list: [{model_name: ditto/echo, litellm_params: {model: ditto/echo}}]\n";

    private static HttpResponse<String> scrape(GatewayServer gateway, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return gateway.send(request.build());
    }

    @Test
    void needsTheMasterKeyWhenOneIsConfigured() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(MODELS + "general_settings: {master_key: sk-master}\n")) {
            HttpResponse<String> anonymous = scrape(gateway, "/metrics");
            HttpResponse<String> wrong = scrape(gateway, "/metrics", "Authorization", "Bearer sk-wrong");
            HttpResponse<String> master = scrape(gateway, "/metrics", "Authorization", "Bearer sk-master");
            HttpResponse<String> slash = scrape(gateway, "/metrics/", "x-api-key", "sk-master");

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(anonymous.body()).at("/error/type").asText()).isEqualTo("authentication_error");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(master.statusCode()).isEqualTo(200);
            assertThat(master.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type)
                    .startsWith("text/plain").contains("version=0.0.4"));
            assertThat(PrometheusText.parse(master.body()).value("ditto_build_info", Map.of())).hasValue(1.0);
            assertThat(slash.statusCode()).isEqualTo(200);
            assertThat(PrometheusText.parse(slash.body()).hasNameStartingWith("jvm_memory_used_bytes")).isTrue();
        }
    }

    @Test
    void theMetricsTokenReadsMetricsButNotTheAdminApi() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(MODELS + """
                general_settings: {master_key: sk-master}
                ditto: {metrics: {token: scrape-token}}
                """)) {
            assertThat(scrape(gateway, "/metrics", "Authorization", "Bearer scrape-token").statusCode()).isEqualTo(200);
            assertThat(scrape(gateway, "/metrics", "Authorization", "Bearer sk-master").statusCode()).isEqualTo(200);
            assertThat(scrape(gateway, "/metrics", "Authorization", "Bearer scrape-tokenX").statusCode()).isEqualTo(401);
            assertThat(scrape(gateway, "/admin/deployments", "Authorization", "Bearer scrape-token").statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void aTokenAloneProtectsMetricsWithoutAMasterKey() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(MODELS + "ditto: {metrics: {token: scrape-token}}\n")) {
            assertThat(scrape(gateway, "/metrics").statusCode()).isEqualTo(401);
            assertThat(scrape(gateway, "/metrics", "Authorization", "Bearer scrape-token").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void openMetricsNeedNoCredentials() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(MODELS + """
                general_settings: {master_key: sk-master}
                ditto: {metrics: {open: true}}
                """)) {
            HttpResponse<String> response = scrape(gateway, "/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(PrometheusText.parse(response.body()).value("ditto_open_streams", Map.of())).hasValue(0.0);
        }
    }

    @Test
    void withNoCredentialsConfiguredMetricsAreOffAndSayHowToTurnThemOn() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(MODELS)) {
            HttpResponse<String> response = scrape(gateway, "/metrics");

            assertThat(response.statusCode()).isEqualTo(403);
            JsonNode error = JSON.readTree(response.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("metrics_disabled");
            assertThat(error.path("message").asText()).contains("ditto.metrics.token", "ditto.metrics.open");
        }
    }
}
