package dev.ditto.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The parts of LiteLLM's {@code litellm_settings} that Ditto acts on.
 *
 * @param numRetries retries before falling back
 * @param requestTimeout default whole-request timeout
 * @param fallbacks fallbacks on any error
 * @param contextWindowFallbacks fallbacks when the prompt is too long for the model
 * @param contentPolicyFallbacks fallbacks when the provider refuses on content policy
 * @param defaultFallbacks fallbacks for every model group without a rule of its own
 * @param cache whether response caching is on
 * @param cacheParams cache settings, kept as written for the cache to read
 */
public record LitellmSettings(
        @Nullable Integer numRetries,
        @Nullable Duration requestTimeout,
        List<Fallback> fallbacks,
        List<Fallback> contextWindowFallbacks,
        List<Fallback> contentPolicyFallbacks,
        List<String> defaultFallbacks,
        boolean cache,
        JsonNode cacheParams) {

    /** Copies the collections so the record stays immutable. */
    public LitellmSettings {
        fallbacks = List.copyOf(fallbacks);
        contextWindowFallbacks = List.copyOf(contextWindowFallbacks);
        contentPolicyFallbacks = List.copyOf(contentPolicyFallbacks);
        defaultFallbacks = List.copyOf(defaultFallbacks);
    }

    static LitellmSettings read(ConfigReader in) {
        Boolean cache = in.bool("cache");
        LitellmSettings settings = new LitellmSettings(
                in.integer("num_retries", 0, 100),
                in.seconds("request_timeout"),
                Fallback.readList(in, "fallbacks"),
                Fallback.readList(in, "context_window_fallbacks"),
                Fallback.readList(in, "content_policy_fallbacks"),
                in.stringList("default_fallbacks"),
                cache != null && cache,
                in.raw("cache_params"));
        in.ignore("LiteLLM logging and callback settings have no effect in Ditto", "set_verbose", "json_logs",
                "success_callback", "failure_callback", "callbacks", "service_callback", "turn_off_message_logging",
                "redact_user_api_key_info", "redact_messages_in_exceptions", "telemetry", "log_raw_request_response");
        in.ignore("not supported by Ditto", "drop_params", "modify_params", "max_budget", "budget_duration",
                "default_team_settings", "default_internal_user_params", "upperbound_key_generate_params",
                "enable_preview_features", "ssl_verify", "force_ipv4", "disable_end_user_cost_tracking",
                "enable_json_schema_validation", "allowed_fails", "cooldown_time");
        in.finish();
        return settings;
    }
}
