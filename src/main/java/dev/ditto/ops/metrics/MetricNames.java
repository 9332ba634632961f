package dev.ditto.ops.metrics;

/**
 * The names of Ditto's meters and labels, as Micrometer names them; the Prometheus names
 * (shown on each) add the unit and {@code _total}. Dashboards and alerts depend on these:
 * renaming one is a breaking change.
 */
public final class MetricNames {

    /** {@code ditto_requests_total}: settled requests. */
    public static final String REQUESTS = "ditto.requests";
    /** {@code ditto_request_duration_seconds}: from receipt to the end of the answer. */
    public static final String REQUEST_DURATION = "ditto.request.duration";
    /** {@code ditto_overhead_duration_seconds}: from receipt to the call of the answering upstream. */
    public static final String OVERHEAD_DURATION = "ditto.overhead.duration";
    /** {@code ditto_time_to_first_token_seconds}: from receipt to the first streamed content. */
    public static final String TIME_TO_FIRST_TOKEN = "ditto.time.to.first.token";
    /** {@code ditto_tokens_total}: tokens the upstreams reported, by {@value #DIRECTION}. */
    public static final String TOKENS = "ditto.tokens";
    /** {@code ditto_spend_usd_total}: USD charged. */
    public static final String SPEND = "ditto.spend.usd";
    /** {@code ditto_cache_hits_total}: answers served from the response cache. */
    public static final String CACHE_HITS = "ditto.cache.hits";
    /** {@code ditto_cache_misses_total}: cache lookups that found nothing. */
    public static final String CACHE_MISSES = "ditto.cache.misses";
    /** {@code ditto_admission_rejections_total}: requests refused by a limit or a budget. */
    public static final String ADMISSION_REJECTIONS = "ditto.admission.rejections";
    /** {@code ditto_admission_admitted_total}: requests admitted against the limits store. */
    public static final String ADMISSION_ADMITTED = "ditto.admission.admitted";
    /** {@code ditto_admission_store_unavailable_total}: requests the limits store could not check, by {@value #POLICY}. */
    public static final String ADMISSION_STORE_UNAVAILABLE = "ditto.admission.store.unavailable";
    /** {@code ditto_reservations_settle_failures_total}: settlements the limits store did not record. */
    public static final String SETTLE_FAILURES = "ditto.reservations.settle.failures";
    /** {@code ditto_budget_soft_alerts_total}: soft budgets crossed. */
    public static final String BUDGET_SOFT_ALERTS = "ditto.budget.soft.alerts";
    /** {@code ditto_reservations_open}: reservations held by this node's requests in flight. */
    public static final String RESERVATIONS_OPEN = "ditto.reservations.open";
    /** {@code ditto_reservations_reserved_usd}: the worst-case USD they hold. */
    public static final String RESERVATIONS_RESERVED = "ditto.reservations.reserved.usd";
    /** {@code ditto_reservations_reaped_total}: stale reservations released by reaps run on this node. */
    public static final String RESERVATIONS_REAPED = "ditto.reservations.reaped";
    /** {@code ditto_reservations_reaped_usd_total}: the USD those reaps released. */
    public static final String RESERVATIONS_REAPED_USD = "ditto.reservations.reaped.usd";
    /** {@code ditto_cooldowns_total}: circuit breakers opened. */
    public static final String COOLDOWNS = "ditto.cooldowns";
    /** {@code ditto_deployment_state}: 0 healthy, 1 half open, 2 cooling down. */
    public static final String DEPLOYMENT_STATE = "ditto.deployment.state";
    /** {@code ditto_fallbacks_total}: requests moved to a fallback model group. */
    public static final String FALLBACKS = "ditto.fallbacks";
    /** {@code ditto_upstream_errors_total}: failed upstream attempts, by {@value #CLASS}. */
    public static final String UPSTREAM_ERRORS = "ditto.upstream.errors";
    /** {@code ditto_open_streams}: streams being relayed now. */
    public static final String OPEN_STREAMS = "ditto.open.streams";
    /** {@code ditto_redis_command_duration_seconds}: Redis round trips. */
    public static final String REDIS_DURATION = "ditto.redis.command.duration";
    /** {@code ditto_redis_failures_total}: Redis commands that failed. */
    public static final String REDIS_FAILURES = "ditto.redis.failures";
    /** {@code ditto_write_behind_queue_depth}: entries waiting to be written. */
    public static final String WRITE_BEHIND_DEPTH = "ditto.write.behind.queue.depth";
    /** {@code ditto_write_behind_lag_seconds}: how long the oldest waiting entry has waited. */
    public static final String WRITE_BEHIND_LAG = "ditto.write.behind.lag.seconds";
    /** {@code ditto_write_behind_lag}: the same, under the name it was first (wrongly) exposed as; deprecated. */
    public static final String WRITE_BEHIND_LAG_DEPRECATED = "ditto.write.behind.lag";
    /** {@code ditto_config_reloads_total}: configuration reloads, by outcome (ok or failed). */
    public static final String CONFIG_RELOADS = "ditto.config.reloads";
    /** {@code ditto_build_info}: always 1, labelled with the version. */
    public static final String BUILD_INFO = "ditto.build.info";

    /** The route group, such as {@code /v1/chat/completions}. */
    public static final String ROUTE = "route";
    /** The model group the client asked for. */
    public static final String MODEL = "model";
    /** The deployment id ({@code model_info.id}). */
    public static final String DEPLOYMENT = "deployment";
    /** How the request ended: ok, upstream_error, stream_error, client_gone, rejected, gateway_error. */
    public static final String OUTCOME = "outcome";
    /** The HTTP status the client got. */
    public static final String STATUS = "status";
    /** input or output. */
    public static final String DIRECTION = "direction";
    /** The class of an upstream failure. */
    public static final String CLASS = "class";
    /** Why admission refused. */
    public static final String REASON = "reason";
    /** The group a fallback left. */
    public static final String FROM_MODEL = "from_model";
    /** The group a fallback went to. */
    public static final String TO_MODEL = "to_model";
    /** The store-failure policy that decided: fail_open or fail_closed. */
    public static final String POLICY = "policy";
    /** A Redis command name. */
    public static final String COMMAND = "command";
    /** A write-behind queue name. */
    public static final String QUEUE = "queue";
    /** The kind of budget scope: {@code key}, {@code user}, {@code project}, {@code tenant}. */
    public static final String SCOPE = "scope";
    /** The caller's key id (never the key), only with {@code ditto.metrics.key_labels}. */
    public static final String KEY_ID = "key_id";
    /** The caller's key alias, only with {@code ditto.metrics.key_labels}. */
    public static final String KEY_ALIAS = "key_alias";
    /** The gateway version. */
    public static final String VERSION = "version";

    /** The value of a label the request had none for (no model, no deployment called). */
    public static final String NONE = "";
    /** The value that stands for every value past a label's cap. */
    public static final String OTHER = "other";

    private MetricNames() {}
}
