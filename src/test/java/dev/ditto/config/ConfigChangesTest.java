package dev.ditto.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a reload applies and what it reports as needing a restart. */
class ConfigChangesTest {

    private static final String MODELS = """
            model_list:
              - model_name: a
                litellm_params: {model: openai/gpt-4.1-nano, api_key: sk-a}
                model_info: {id: a-1}
              - model_name: b
                litellm_params: {model: openai/gpt-4.1-mini, api_key: sk-b}
                model_info: {id: b-1}
            """;

    private static GatewaySettings load(String yaml) {
        return new ConfigLoader(Map.<String, String>of()::get).load(new ConfigSource("test", yaml));
    }

    @Test
    void deploymentsAreComparedByIdAndSettings() {
        GatewaySettings before = load(MODELS);
        GatewaySettings after = load("""
                model_list:
                  - model_name: a
                    litellm_params: {model: openai/gpt-4.1-nano, api_key: sk-a2}
                    model_info: {id: a-1}
                  - model_name: c
                    litellm_params: {model: openai/gpt-4.1, api_key: sk-c}
                    model_info: {id: c-1}
                """);

        ConfigChanges changes = ConfigChanges.between(before, after);

        assertThat(changes.added()).containsExactly("c-1");
        assertThat(changes.removed()).containsExactly("b-1");
        assertThat(changes.changed()).as("a new API key is a changed deployment").containsExactly("a-1");
        assertThat(changes.routingChanged()).isTrue();
        assertThat(ConfigChanges.restartRequired(before, after)).isEmpty();
    }

    @Test
    void routingSettingsAloneAreAppliedChanges() {
        GatewaySettings before = load(MODELS);

        assertThat(ConfigChanges.between(before, load(MODELS + "router_settings: {num_retries: 5}\n")).routingChanged())
                .isTrue();
        assertThat(ConfigChanges.between(before, load(MODELS + "litellm_settings: {fallbacks: [{a: [b]}]}\n"))
                .routingChanged()).isTrue();
        assertThat(ConfigChanges.between(before, load(MODELS + "ditto: {pricing: {unpriced: charge_default, "
                + "default_input_cost_per_token: 0.000001, default_output_cost_per_token: 0.000002}}\n"))
                .routingChanged()).isTrue();
        assertThat(ConfigChanges.between(before, load(MODELS)).routingChanged()).isFalse();
    }

    @Test
    void settingsOpenedAtStartNeedARestart() {
        GatewaySettings before = load(MODELS);
        GatewaySettings after = load(MODELS + """
                router_settings: {redis_host: redis.internal, redis_port: 6380}
                general_settings: {master_key: sk-another-master}
                ditto:
                  server: {port: 4001}
                  limits: {cache_size: 10}
                  metrics: {litellm_names: true}
                  retention: {spend_logs: 30d}
                """);

        assertThat(ConfigChanges.restartRequired(before, after)).containsExactly("general_settings",
                "router_settings.redis_host/redis_port/redis_password (Redis)", "ditto.server", "ditto.limits",
                "ditto.metrics", "ditto.retention");
        assertThat(ConfigChanges.between(before, after).routingChanged())
                .as("the Redis address is not a routing change").isFalse();
    }
}
