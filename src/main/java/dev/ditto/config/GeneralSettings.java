package dev.ditto.config;

import org.jspecify.annotations.Nullable;

/**
 * The parts of LiteLLM's {@code general_settings} that Ditto acts on.
 *
 * @param masterKey the admin key, which can do everything
 * @param databaseUrl the database, as LiteLLM writes it ({@code postgresql://user:pw@host/db}) or as a JDBC URL
 * @param databaseConnectionPoolLimit the connection pool size
 * @param maxRequestSizeMb the largest request body accepted, in MiB
 */
public record GeneralSettings(
        @Nullable Secret masterKey,
        @Nullable Secret databaseUrl,
        @Nullable Integer databaseConnectionPoolLimit,
        @Nullable Integer maxRequestSizeMb) {

    static GeneralSettings read(ConfigReader in) {
        GeneralSettings settings = new GeneralSettings(
                in.secret("master_key"),
                in.secret("database_url"),
                in.integer("database_connection_pool_limit", 1, 1000),
                in.integer("max_request_size_mb", 1, 4096));
        in.ignore("not supported by Ditto", "alerting", "alerting_threshold", "alert_types", "alert_to_webhook_url",
                "store_model_in_db", "store_prompts_in_spend_logs", "proxy_batch_write_at", "disable_spend_logs",
                "disable_master_key_return", "disable_reset_budget", "disable_adding_master_key_hash_to_db",
                "enforce_user_param", "allowed_routes", "admin_only_routes", "public_routes", "ui_access_mode",
                "custom_auth", "custom_key_generate", "background_health_checks", "health_check_interval",
                "health_check_details", "infer_model_from_keys", "maximum_spend_logs_retention_period",
                "database_connection_timeout", "allow_requests_on_db_unavailable", "use_redis_transaction_buffer",
                "proxy_budget_rescheduler_min_time", "proxy_budget_rescheduler_max_time", "pass_through_endpoints",
                "max_response_size_mb", "user_header_name", "litellm_key_header_name",
                "forward_openai_org_id", "forward_client_headers_to_llm_api");
        in.finish();
        return settings;
    }
}
