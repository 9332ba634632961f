package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.control.keys.GeneratedKey;
import dev.ditto.control.keys.KeyGenerator;
import dev.ditto.control.keys.KeyHasher;
import dev.ditto.control.keys.VirtualKey;
import dev.ditto.store.jpa.Database;
import dev.ditto.store.jpa.JpaControlStore;
import dev.ditto.testing.GatewayServer;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LiteLLM's {@code /model/info}, {@code /v1/model/info} and {@code /model_group/info} on the
 * whole gateway: the deployments with their parameters but none of their secrets, the prices
 * the gateway charges (from the built-in table or the configuration), a key limited to some
 * models shown those alone, and the configuration in force after a reload.
 */
class LiteLlmModelInfoTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER_KEY = "sk-master-info-1234";
    private static final String CONFIG = """
            model_list:
              - model_name: gpt-4o
                litellm_params: {model: openai/gpt-4o, api_key: sk-upstream-secret-1, rpm: 100, tpm: 1000}
                model_info: {id: gpt4o-openai, mode: chat, max_input_tokens: 128000, supports_vision: true,
                             metadata: primary}
              - model_name: gpt-4o
                litellm_params: {model: azure/gpt-4o, api_base: "https://x.openai.azure.com", api_version: "2024-10-21",
                                 api_key: sk-upstream-secret-2, rpm: 50, tpm: 500, extra_headers: {x-token: hdr-secret-3}}
                model_info: {id: gpt4o-azure}
              - model_name: house-model
                litellm_params: {model: openai/house, api_base: "http://127.0.0.1:9/v1", api_key: sk-upstream-secret-4,
                                 input_cost_per_token: 0.000001, output_cost_per_token: 0.000003}
            general_settings:
              master_key: %s
            """.formatted(MASTER_KEY);

    private static Path dir;
    private static Path config;
    private static GatewayServer gateway;
    private static String limitedKey;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("ditto-model-info");
        config = dir.resolve("config.yaml");
        Files.writeString(config, CONFIG);
        gateway = GatewayServer.start(config, Map.of());
        GeneratedKey key = KeyGenerator.of(KeyHasher.sha256()).generate();
        try (Database database = gateway.openDatabase()) {
            new JpaControlStore(database.entityManagerFactory()).keys().create(VirtualKey.builder("key_house", key.hash())
                    .allowedModels(Set.of("house-model")).created(Instant.now()).build());
        }
        limitedKey = key.secret();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    @Test
    void modelInfoDescribesEachDeploymentWithItsPricesAndNoSecret() throws Exception {
        HttpResponse<String> response = get("/model/info", MASTER_KEY);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("sk-upstream-secret", "hdr-secret", "x-token", "api_key");
        JsonNode data = JSON.readTree(response.body()).path("data");
        assertThat(names(data, "model_name")).containsExactly("gpt-4o", "gpt-4o", "house-model");

        JsonNode openai = data.get(0);
        assertThat(openai.at("/litellm_params/model").asText()).isEqualTo("openai/gpt-4o");
        assertThat(openai.at("/litellm_params/rpm").asInt()).isEqualTo(100);
        JsonNode info = openai.path("model_info");
        assertThat(info.path("id").asText()).isEqualTo("gpt4o-openai");
        assertThat(info.path("litellm_provider").asText()).isEqualTo("openai");
        assertThat(info.path("mode").asText()).isEqualTo("chat");
        assertThat(info.path("db_model").asBoolean(true)).isFalse();
        // The built-in table's gpt-4o: 2.50 and 10.00 USD per million, 1.25 cached, 16,384 output tokens.
        assertThat(info.path("input_cost_per_token").decimalValue()).isEqualByComparingTo("0.0000025");
        assertThat(info.path("output_cost_per_token").decimalValue()).isEqualByComparingTo("0.00001");
        assertThat(info.path("cache_read_input_token_cost").decimalValue()).isEqualByComparingTo("0.00000125");
        assertThat(info.path("max_output_tokens").asLong()).isEqualTo(16_384);
        // The configuration's own model_info fields come through as written.
        assertThat(info.path("max_input_tokens").asLong()).isEqualTo(128_000);
        assertThat(info.path("supports_vision").asBoolean()).isTrue();
        assertThat(info.path("metadata").asText()).isEqualTo("primary");

        JsonNode azure = data.get(1);
        assertThat(azure.at("/litellm_params/api_base").asText()).isEqualTo("https://x.openai.azure.com");
        assertThat(azure.at("/litellm_params/api_version").asText()).isEqualTo("2024-10-21");
        assertThat(azure.at("/model_info/litellm_provider").asText()).isEqualTo("azure");

        // Prices set in litellm_params win over the table (which has no 'house' anyway).
        JsonNode house = data.get(2).path("model_info");
        assertThat(house.path("input_cost_per_token").decimalValue()).isEqualByComparingTo("0.000001");
        assertThat(house.path("output_cost_per_token").decimalValue()).isEqualByComparingTo("0.000003");
        assertThat(house.path("id").asText()).isNotBlank();

        // The /v1 form answers the same.
        assertThat(JSON.readTree(get("/v1/model/info", MASTER_KEY).body())).isEqualTo(JSON.readTree(response.body()));
    }

    @Test
    void oneDeploymentById() throws Exception {
        JsonNode one = JSON.readTree(get("/model/info?litellm_model_id=gpt4o-azure", MASTER_KEY).body()).path("data");

        assertThat(one).hasSize(1);
        assertThat(one.get(0).at("/model_info/id").asText()).isEqualTo("gpt4o-azure");
        HttpResponse<String> unknown = get("/model/info?litellm_model_id=nope", MASTER_KEY);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).at("/error/code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void modelGroupInfoSumsUpEachModelName() throws Exception {
        HttpResponse<String> response = get("/model_group/info", MASTER_KEY);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode data = JSON.readTree(response.body()).path("data");
        assertThat(names(data, "model_group")).containsExactly("gpt-4o", "house-model");
        JsonNode gpt4o = data.get(0);
        assertThat(names(gpt4o.path("providers"), null)).containsExactly("openai", "azure");
        assertThat(gpt4o.path("rpm").asInt()).isEqualTo(150);
        assertThat(gpt4o.path("tpm").asInt()).isEqualTo(1500);
        assertThat(gpt4o.path("max_input_tokens").asLong()).isEqualTo(128_000);
        assertThat(gpt4o.path("input_cost_per_token").decimalValue()).isEqualByComparingTo("0.0000025");
        assertThat(gpt4o.path("mode").asText()).isEqualTo("chat");
        assertThat(gpt4o.path("supports_vision").asBoolean()).isTrue();
        assertThat(gpt4o.path("supports_function_calling").asBoolean(true)).isFalse();
        // A deployment without an rpm leaves its group without one.
        assertThat(data.get(1).path("rpm").isNull()).isTrue();
        assertThat(data.get(1).path("output_cost_per_token").decimalValue()).isEqualByComparingTo(new BigDecimal("3e-6"));

        JsonNode one = JSON.readTree(get("/model_group/info?model_group=house-model", MASTER_KEY).body()).path("data");
        assertThat(names(one, "model_group")).containsExactly("house-model");
        assertThat(get("/model_group/info?model_group=nope", MASTER_KEY).statusCode()).isEqualTo(404);
    }

    @Test
    void aKeyLimitedToSomeModelsSeesThoseAlone() throws Exception {
        JsonNode deployments = JSON.readTree(get("/model/info", limitedKey).body()).path("data");
        JsonNode groups = JSON.readTree(get("/model_group/info", limitedKey).body()).path("data");

        assertThat(names(deployments, "model_name")).containsExactly("house-model");
        assertThat(names(groups, "model_group")).containsExactly("house-model");
        assertThat(get("/model/info?litellm_model_id=gpt4o-openai", limitedKey).statusCode()).isEqualTo(404);
        assertThat(get("/model_group/info?model_group=gpt-4o", limitedKey).statusCode()).isEqualTo(404);
    }

    @Test
    void callersWithoutAKeyAreRefused() throws Exception {
        for (String path : List.of("/model/info", "/v1/model/info", "/model_group/info")) {
            HttpResponse<String> none = get(path, null);
            HttpResponse<String> wrong = get(path, "sk-not-a-key-0000");

            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(wrong.statusCode()).as(path).isEqualTo(401);
            assertThat(JSON.readTree(wrong.body()).at("/error/code").asText()).isEqualTo("invalid_api_key");
        }
    }

    @Test
    void aReloadIsSeenAtOnce() throws Exception {
        try {
            Files.writeString(config, CONFIG.replace("model_name: house-model", "model_name: house-model-2"));
            HttpResponse<String> reload = gateway.send(HttpRequest.newBuilder(gateway.uri("/admin/config/reload"))
                    .header("authorization", "Bearer " + MASTER_KEY).POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);

            JsonNode groups = JSON.readTree(get("/model_group/info", MASTER_KEY).body()).path("data");

            assertThat(names(groups, "model_group")).containsExactly("gpt-4o", "house-model-2");
        } finally {
            Files.writeString(config, CONFIG);
            gateway.send(HttpRequest.newBuilder(gateway.uri("/admin/config/reload"))
                    .header("authorization", "Bearer " + MASTER_KEY).POST(HttpRequest.BodyPublishers.noBody()).build());
        }
    }

    private static HttpResponse<String> get(String path, @Nullable String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path)).GET();
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        return gateway.send(request.build());
    }

    private static List<String> names(JsonNode array, @Nullable String field) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(field == null ? node.asText() : node.path(field).asText()));
        return names;
    }
}
