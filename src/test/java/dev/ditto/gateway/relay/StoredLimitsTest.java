package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.control.ControlStore;
import dev.ditto.control.Scope;
import dev.ditto.control.budget.Budget;
import dev.ditto.control.budget.ResetPeriod;
import dev.ditto.control.keys.GeneratedKey;
import dev.ditto.control.keys.KeyGenerator;
import dev.ditto.control.keys.KeyHasher;
import dev.ditto.control.keys.VirtualKey;
import dev.ditto.control.limits.LimitAlgorithm;
import dev.ditto.control.limits.LimitDefinition;
import dev.ditto.control.tenancy.Project;
import dev.ditto.control.tenancy.Tenant;
import dev.ditto.store.jpa.Database;
import dev.ditto.store.jpa.JpaControlStore;
import dev.ditto.testing.GatewayServer;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Limits and budgets stored in the database are enforced end to end, with nothing under
 * {@code ditto.limits} in the configuration: a key's stored {@code rpm} of 2 refuses its third
 * request, a project's stored budget refuses its keys, and a key without stored limits is free.
 */
class StoredLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"ditto/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String CONFIG = """
            model_list:
              - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}
            general_settings:
              master_key: sk-master-1234
            ditto:
              pricing:
                unpriced: charge_default
                default_input_cost_per_token: 0.000001
                default_output_cost_per_token: 0.000001
            """;

    private final KeyGenerator generator = KeyGenerator.of(KeyHasher.sha256());

    @Test
    void storedLimitsAndBudgetsApplyWithoutAnyConfiguredLimit() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(CONFIG)) {
            GeneratedKey limited = generator.generate();
            GeneratedKey free = generator.generate();
            GeneratedKey broke = generator.generate();
            try (Database database = gateway.openDatabase()) {
                ControlStore store = new JpaControlStore(database.entityManagerFactory());
                Instant now = Instant.now();
                store.tenants().create(Tenant.of("ten_acme", "Acme", now));
                store.projects().create(Project.of("prj_broke", "ten_acme", "broke", now));
                store.keys().create(VirtualKey.builder("key_limited", limited.hash()).tenantId("ten_acme").created(now)
                        .build());
                store.keys().create(VirtualKey.builder("key_free", free.hash()).tenantId("ten_acme").created(now).build());
                store.keys().create(VirtualKey.builder("key_broke", broke.hash()).tenantId("ten_acme")
                        .projectId("prj_broke").created(now).build());
                store.limits().create(new LimitDefinition("lim_1", Scope.key("key_limited"), "ten_acme", 2, null, null,
                        null, null, LimitAlgorithm.SLIDING_WINDOW, now, now));
                store.budgets().create(new Budget("bud_1", Scope.project("prj_broke"), "ten_acme", BigDecimal.ZERO,
                        null, ResetPeriod.of(ResetPeriod.Kind.MONTHLY), now, now, now));
            }

            HttpResponse<String> first = chat(gateway, limited);
            HttpResponse<String> second = chat(gateway, limited);
            HttpResponse<String> third = chat(gateway, limited);
            HttpResponse<String> otherKey = chat(gateway, free);
            chat(gateway, free);
            HttpResponse<String> otherKeyThird = chat(gateway, free);
            HttpResponse<String> overBudget = chat(gateway, broke);

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.headers().firstValue("x-ratelimit-limit-requests")).contains("2");
            assertThat(third.headers().firstValue("retry-after")).isPresent();
            JsonNode error = JSON.readTree(third.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(error.path("message").asText()).contains("key key_limited").contains("2 requests per minute");
            assertThat(otherKey.statusCode()).isEqualTo(200);
            assertThat(otherKeyThird.statusCode()).as("a key without stored limits is not limited").isEqualTo(200);
            assertThat(overBudget.statusCode()).isEqualTo(429);
            assertThat(JSON.readTree(overBudget.body()).at("/error/code").asText()).isEqualTo("budget_exceeded");
            assertThat(JSON.readTree(overBudget.body()).at("/error/message").asText()).contains("project prj_broke");
        }
    }

    private static HttpResponse<String> chat(GatewayServer gateway, GeneratedKey key) throws Exception {
        return gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("content-type", "application/json").header("authorization", "Bearer " + key.secret())
                .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build());
    }
}
