package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.testing.GatewayServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key changes through the admin API take effect on the data plane at once, although the key
 * cache would trust a key for an hour: block, unblock, rotate (with and without grace), new
 * models, delete, and a key created right after it was tried.
 */
class AdminKeysResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER = "sk-master-keys-1234";
    private static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = GatewayServer.start("""
                model_list:
                  - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}
                  - {model_name: other, litellm_params: {model: ditto/echo}}
                general_settings:
                  master_key: %s
                ditto:
                  keys: {cache_ttl: 3600}
                """.formatted(MASTER));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    @Test
    void blockUnblockAndDeleteTakeEffectAtOnce() throws Exception {
        JsonNode key = JSON.readTree(admin("POST", "/admin/keys", "{\"key_alias\":\"svc\"}").body());
        String secret = key.path("key").asText();
        String id = key.path("id").asText();
        assertThat(chat(secret, "ditto/echo").statusCode()).isEqualTo(200);

        assertThat(JSON.readTree(admin("POST", "/admin/keys/" + id + "/block", null).body()).path("blocked").asBoolean())
                .isTrue();
        assertError(chat(secret, "ditto/echo"), 401, "key_blocked");

        admin("POST", "/admin/keys/" + id + "/unblock", null);
        assertThat(chat(secret, "ditto/echo").statusCode()).isEqualTo(200);

        HttpResponse<String> deleted = admin("DELETE", "/admin/keys/" + id, null);
        assertThat(JSON.readTree(deleted.body()).path("deleted").asBoolean()).isTrue();
        assertError(chat(secret, "ditto/echo"), 401, "invalid_api_key");
        assertThat(admin("GET", "/admin/keys/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void rotationWithoutGraceStopsTheOldKeyAndWithGraceKeepsIt() throws Exception {
        JsonNode key = JSON.readTree(admin("POST", "/admin/keys", "{}").body());
        String first = key.path("key").asText();
        String id = key.path("id").asText();
        assertThat(chat(first, "ditto/echo").statusCode()).isEqualTo(200);

        JsonNode rotated = JSON.readTree(admin("POST", "/admin/keys/" + id + "/rotate", null).body());
        String second = rotated.path("key").asText();
        assertThat(second).startsWith("sk-").isNotEqualTo(first);
        assertThat(rotated.path("id").asText()).isEqualTo(id);
        assertThat(rotated.path("key_name").asText()).endsWith(second.substring(second.length() - 4));
        assertError(chat(first, "ditto/echo"), 401, "invalid_api_key");
        assertThat(chat(second, "ditto/echo").statusCode()).isEqualTo(200);

        JsonNode graced = JSON.readTree(admin("POST", "/admin/keys/" + id + "/rotate",
                "{\"grace_period_seconds\":3600}").body());
        String third = graced.path("key").asText();
        assertThat(graced.path("previous_key_valid_until").asText()).isNotEmpty();
        assertThat(chat(second, "ditto/echo").statusCode()).as("the old key within its grace").isEqualTo(200);
        assertThat(chat(third, "ditto/echo").statusCode()).isEqualTo(200);

        HttpResponse<String> tooLong = admin("POST", "/admin/keys/" + id + "/rotate",
                "{\"grace_period_seconds\":99999999}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLong.body()).at("/error/param").asText()).isEqualTo("grace_period_seconds");
    }

    @Test
    void newModelsAndExpiryApplyAtOnce() throws Exception {
        JsonNode key = JSON.readTree(admin("POST", "/admin/keys", "{\"models\":[\"ditto/echo\"]}").body());
        String secret = key.path("key").asText();
        String id = key.path("id").asText();
        assertThat(chat(secret, "ditto/echo").statusCode()).isEqualTo(200);
        assertError(chat(secret, "other"), 403, "model_not_allowed");

        JsonNode patched = JSON.readTree(admin("PATCH", "/admin/keys/" + id, "{\"models\":[\"other\"]}").body());
        assertThat(patched.path("models").toString()).isEqualTo("[\"other\"]");
        assertError(chat(secret, "ditto/echo"), 403, "model_not_allowed");
        assertThat(chat(secret, "other").statusCode()).isEqualTo(200);

        admin("PATCH", "/admin/keys/" + id, "{\"expires\":\"2020-01-01T00:00:00Z\"}");
        assertError(chat(secret, "other"), 401, "key_expired");
        admin("PATCH", "/admin/keys/" + id, "{\"expires\":null}");
        assertThat(chat(secret, "other").statusCode()).isEqualTo(200);
    }

    @Test
    void aKeyBroughtFromLiteLlmWorksAtOnceEvenRightAfterItWasRefused() throws Exception {
        String kept = "sk-litellm-kept-0123456789abcdef";
        assertError(chat(kept, "ditto/echo"), 401, "invalid_api_key");

        HttpResponse<String> generated = admin("POST", "/key/generate", "{\"key\":\"" + kept + "\",\"key_alias\":\"kept\"}");
        assertThat(generated.statusCode()).as(generated.body()).isEqualTo(200);
        assertThat(JSON.readTree(generated.body()).path("key").asText()).isEqualTo(kept);
        assertThat(chat(kept, "ditto/echo").statusCode()).isEqualTo(200);

        HttpResponse<String> again = admin("POST", "/key/generate", "{\"key\":\"" + kept + "\"}");
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void liteLlmDeleteStopsEveryKeyGivenByKeyOrId() throws Exception {
        JsonNode one = JSON.readTree(admin("POST", "/key/generate", "{}").body());
        JsonNode two = JSON.readTree(admin("POST", "/key/generate", "{}").body());
        assertThat(chat(one.path("key").asText(), "ditto/echo").statusCode()).isEqualTo(200);

        HttpResponse<String> deleted = admin("POST", "/key/delete", "{\"keys\":[\"" + one.path("key").asText() + "\",\""
                + two.path("token").asText() + "\"]}");

        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(JSON.readTree(deleted.body()).path("deleted_keys")).hasSize(2);
        assertError(chat(one.path("key").asText(), "ditto/echo"), 401, "invalid_api_key");
        assertError(chat(two.path("key").asText(), "ditto/echo"), 401, "invalid_api_key");
    }

    @Test
    void liteLlmBlockAndUnblockTakeTheKeyOrItsId() throws Exception {
        JsonNode key = JSON.readTree(admin("POST", "/key/generate", "{}").body());
        String secret = key.path("key").asText();

        HttpResponse<String> blocked = admin("POST", "/key/block", "{\"key\":\"" + secret + "\"}");

        assertThat(blocked.statusCode()).as(blocked.body()).isEqualTo(200);
        assertThat(JSON.readTree(blocked.body()).path("blocked").asBoolean()).isTrue();
        assertThat(JSON.readTree(blocked.body()).path("key").asText()).isEqualTo(key.path("token").asText());
        assertThat(blocked.body()).doesNotContain(secret);
        assertError(chat(secret, "ditto/echo"), 401, "key_blocked");
        HttpResponse<String> unblocked = admin("POST", "/key/unblock", "{\"key\":\"" + key.path("token").asText() + "\"}");
        assertThat(JSON.readTree(unblocked.body()).path("blocked").asBoolean(true)).isFalse();
        assertThat(chat(secret, "ditto/echo").statusCode()).isEqualTo(200);
        assertError(admin("POST", "/key/block", "{}"), 400, "invalid_field");
        assertError(admin("POST", "/key/block", "{\"key\":\"sk-no-such-key-000000000000\"}"), 404, "key_not_found");
    }

    @Test
    void liteLlmRegenerateGivesANewSecretWithOrWithoutGrace() throws Exception {
        JsonNode key = JSON.readTree(admin("POST", "/key/generate", "{\"key_alias\":\"regen\"}").body());
        String first = key.path("key").asText();
        String id = key.path("token").asText();

        HttpResponse<String> regenerated = admin("POST", "/key/regenerate", "{\"key\":\"" + first + "\"}");

        assertThat(regenerated.statusCode()).as(regenerated.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(regenerated.body());
        String second = answer.path("key").asText();
        assertThat(second).startsWith("sk-").isNotEqualTo(first);
        assertThat(answer.path("token_id").asText()).isEqualTo(id);
        assertThat(answer.path("key_alias").asText()).isEqualTo("regen");
        assertError(chat(first, "ditto/echo"), 401, "invalid_api_key");
        assertThat(chat(second, "ditto/echo").statusCode()).isEqualTo(200);

        // The path form, with LiteLLM's grace period: the old secret works for it.
        HttpResponse<String> graced = admin("POST", "/key/" + second + "/regenerate", "{\"grace_period\":\"1h\"}");
        assertThat(graced.statusCode()).as(graced.body()).isEqualTo(200);
        String third = JSON.readTree(graced.body()).path("key").asText();
        assertThat(chat(second, "ditto/echo").statusCode()).as("the old key within its grace").isEqualTo(200);
        assertThat(chat(third, "ditto/echo").statusCode()).isEqualTo(200);
        assertThat(admin("POST", "/key/" + id + "/regenerate", null).statusCode()).isEqualTo(200);

        HttpResponse<String> tooLong = admin("POST", "/key/regenerate", "{\"key\":\"" + id + "\",\"grace_period\":\"60d\"}");
        assertError(tooLong, 400, "invalid_field");
        assertThat(JSON.readTree(tooLong.body()).at("/error/param").asText()).isEqualTo("grace_period");
        HttpResponse<String> other = admin("POST", "/key/" + id + "/regenerate", "{\"key\":\"" + first + "\"}");
        assertThat(JSON.readTree(other.body()).at("/error/param").asText()).isEqualTo("key");
        assertError(admin("POST", "/key/regenerate", "{\"key\":\"" + id + "\",\"new_key\":\"sk-mine\"}"), 400,
                "invalid_field");
    }

    @Test
    void liteLlmKeyListFindsKeysByAlias() throws Exception {
        String wanted = JSON.readTree(admin("POST", "/key/generate", "{\"key_alias\":\"search-me\"}").body())
                .path("token").asText();
        admin("POST", "/key/generate", "{\"key_alias\":\"search-me-not\"}");

        HttpResponse<String> found = admin("GET", "/key/list?key_alias=search-me", null);

        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        JsonNode keys = JSON.readTree(found.body()).path("keys");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).asText()).isEqualTo(wanted);
        assertThat(JSON.readTree(admin("GET", "/key/list?key_alias=nobody", null).body()).path("keys")).isEmpty();
    }

    @Test
    void aVirtualKeyDescribesItselfAtKeyInfoAndNothingElse() throws Exception {
        JsonNode mine = JSON.readTree(admin("POST", "/key/generate", "{\"key_alias\":\"self\",\"max_budget\":10,"
                + "\"rpm_limit\":60}").body());
        String secret = mine.path("key").asText();
        String other = JSON.readTree(admin("POST", "/key/generate", "{}").body()).path("token").asText();
        assertThat(chat(secret, "ditto/echo").statusCode()).isEqualTo(200);

        HttpResponse<String> itself = asKey(secret, "/key/info");

        assertThat(itself.statusCode()).as(itself.body()).isEqualTo(200);
        JsonNode info = JSON.readTree(itself.body()).path("info");
        assertThat(info.path("token").asText()).isEqualTo(mine.path("token").asText());
        assertThat(info.path("key_alias").asText()).isEqualTo("self");
        assertThat(info.path("max_budget").decimalValue()).isEqualByComparingTo("10");
        assertThat(info.path("rpm_limit").asLong()).isEqualTo(60);
        assertThat(info.has("spend")).isTrue();
        assertThat(itself.body()).doesNotContain(secret);
        assertThat(asKey(secret, "/key/info?key=" + secret).statusCode()).isEqualTo(200);
        assertThat(asKey(secret, "/key/info?key=" + mine.path("token").asText()).statusCode()).isEqualTo(200);

        assertError(asKey(secret, "/key/info?key=" + other), 403, "key_forbidden");
        // Nothing else of the admin API opens to a key.
        assertThat(asKey(secret, "/key/list").statusCode()).isEqualTo(401);
        assertThat(asKey(secret, "/admin/keys/" + mine.path("token").asText()).statusCode()).isEqualTo(401);
        admin("POST", "/key/block", "{\"key\":\"" + secret + "\"}");
        assertThat(asKey(secret, "/key/info").statusCode()).as("a blocked key").isEqualTo(401);
        assertError(admin("GET", "/key/info", null), 400, "invalid_field");
    }

    private HttpResponse<String> asKey(String key, String path) throws Exception {
        return gateway.send(HttpRequest.newBuilder(gateway.uri(path)).header("authorization", "Bearer " + key).GET().build());
    }

    @Test
    void theAdminApiNeedsTheMasterKey() throws Exception {
        HttpResponse<String> anonymous = gateway.send(HttpRequest.newBuilder(gateway.uri("/admin/keys")).GET().build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        JsonNode key = JSON.readTree(admin("POST", "/admin/keys", "{}").body());
        HttpResponse<String> withVirtualKey = gateway.send(HttpRequest.newBuilder(gateway.uri("/admin/keys"))
                .header("authorization", "Bearer " + key.path("key").asText()).GET().build());
        assertThat(withVirtualKey.statusCode()).as("a virtual key is no admin").isEqualTo(401);
        assertThat(JSON.readTree(withVirtualKey.body()).at("/error/type").asText()).isEqualTo("authentication_error");
    }

    private HttpResponse<String> admin(String method, String path, @Nullable String body) throws Exception {
        return gateway.send(HttpRequest.newBuilder(gateway.uri(path)).header("authorization", "Bearer " + MASTER)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> chat(String key, String model) throws Exception {
        return gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("content-type", "application/json").header("authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted(model))).build());
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).at("/error/code").asText()).isEqualTo(code);
    }
}
