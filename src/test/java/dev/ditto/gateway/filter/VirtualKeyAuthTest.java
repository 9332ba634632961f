package dev.ditto.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.models.models.Model;
import dev.ditto.control.ControlStore;
import dev.ditto.control.RequestRecord;
import dev.ditto.control.keys.GeneratedKey;
import dev.ditto.control.keys.KeyGenerator;
import dev.ditto.control.keys.KeyHasher;
import dev.ditto.control.keys.VirtualKey;
import dev.ditto.control.tenancy.Project;
import dev.ditto.control.tenancy.Tenant;
import dev.ditto.store.jpa.Database;
import dev.ditto.store.jpa.JpaControlStore;
import dev.ditto.testing.GatewayServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Virtual keys from the database on the data plane, next to the master key. */
class VirtualKeyAuthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            model_list:
              - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}
              - {model_name: other, litellm_params: {model: ditto/echo}}
            general_settings:
              master_key: sk-master-1234
            """;
    private static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGES = "{\"model\":\"ditto/echo\",\"max_tokens\":16,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final KeyGenerator generator = KeyGenerator.of(KeyHasher.sha256());

    @Test
    void aStoredKeyIsResolvedToItsOwnersAndBoundByItsModelsAndRoutes() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(CONFIG)) {
            GeneratedKey key = generator.generate();
            GeneratedKey expired = generator.generate();
            try (Database database = gateway.openDatabase()) {
                ControlStore store = new JpaControlStore(database.entityManagerFactory());
                Instant now = Instant.now();
                store.tenants().create(Tenant.of("ten_acme", "Acme", now));
                store.projects().create(Project.of("prj_web", "ten_acme", "web", now));
                store.keys().create(VirtualKey.builder("key_web", key.hash()).alias("web-prod").tenantId("ten_acme")
                        .projectId("prj_web").allowedModels(Set.of("ditto/echo"))
                        .allowedRoutes(Set.of("/chat/completions")).metadata(Map.of("env", "prod")).created(now)
                        .build());
                store.keys().create(VirtualKey.builder("key_old", expired.hash()).expiresAt(now.minusSeconds(1))
                        .created(now.minusSeconds(60)).build());
            }

            HttpResponse<String> ok = post(gateway, "/v1/chat/completions", CHAT.formatted("ditto/echo"),
                    Map.of("authorization", "Bearer " + key.secret(), "x-request-id", "req-key"));
            assertThat(ok.statusCode()).isEqualTo(200);
            RequestRecord record = gateway.awaitRecord("req-key");
            assertThat(record.caller().keyId()).isEqualTo("key_web");
            assertThat(record.caller().tenantId()).isEqualTo("ten_acme");
            assertThat(record.caller().projectId()).isEqualTo("prj_web");
            assertThat(record.caller().metadata()).containsEntry("env", "prod");

            assertError(post(gateway, "/v1/chat/completions", CHAT.formatted("other"),
                    Map.of("authorization", "Bearer " + key.secret())), 403, "model_not_allowed");
            assertError(post(gateway, "/v1/embeddings", "{\"model\":\"ditto/echo\",\"input\":\"hi\"}",
                    Map.of("authorization", "Bearer " + key.secret())), 403, "route_not_allowed");
            HttpResponse<String> anthropic = post(gateway, "/v1/messages", MESSAGES, Map.of("x-api-key", key.secret()));
            assertThat(anthropic.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(anthropic.body()).path("error").path("type").asText()).isEqualTo("permission_error");

            assertError(post(gateway, "/v1/chat/completions", CHAT.formatted("ditto/echo"),
                    Map.of("authorization", "Bearer " + expired.secret())), 401, "key_expired");
            assertError(post(gateway, "/v1/chat/completions", CHAT.formatted("ditto/echo"),
                    Map.of("authorization", "Bearer " + generator.generate().secret())), 401, "invalid_api_key");
            assertThat(post(gateway, "/v1/chat/completions", CHAT.formatted("other"),
                    Map.of("authorization", "Bearer sk-master-1234")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aKeyLimitedToSomeModelsListsThoseAlone() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(CONFIG)) {
            GeneratedKey key = generator.generate();
            try (Database database = gateway.openDatabase()) {
                new JpaControlStore(database.entityManagerFactory()).keys().create(VirtualKey.builder("key_echo", key.hash())
                        .allowedModels(Set.of("ditto/echo")).created(Instant.now()).build());
            }
            OpenAIClient limited = client(gateway, key.secret());
            OpenAIClient master = client(gateway, "sk-master-1234");
            try {
                assertThat(limited.models().list().data()).extracting(Model::id).containsExactly("ditto/echo");
                assertThat(limited.models().retrieve("ditto/echo").id()).isEqualTo("ditto/echo");
                // Not told that a model it may not use exists.
                assertThatThrownBy(() -> limited.models().retrieve("other")).isInstanceOf(NotFoundException.class);
                assertError(gateway.send(HttpRequest.newBuilder(gateway.uri("/models/other"))
                        .header("authorization", "Bearer " + key.secret()).build()), 404, "model_not_found");
                assertThat(master.models().list().data()).extracting(Model::id)
                        .containsExactlyInAnyOrder("ditto/echo", "other");
                assertThat(master.models().retrieve("other").id()).isEqualTo("other");
            } finally {
                limited.close();
                master.close();
            }
        }
    }

    private static OpenAIClient client(GatewayServer gateway, String apiKey) {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.baseUri() + "/v1").apiKey(apiKey).maxRetries(0).build();
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
    }

    private static HttpResponse<String> post(GatewayServer gateway, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return gateway.send(request.build());
    }
}
