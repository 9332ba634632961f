package dev.ditto.ops.metrics;

import dev.ditto.control.Caller;
import dev.ditto.control.Outcome;
import dev.ditto.control.RequestRecord;
import dev.ditto.control.RequestRecorder;
import dev.ditto.ops.DeploymentHealth;
import dev.ditto.ops.RelayEvents;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The same events under LiteLLM's metric and label names ({@code ditto.metrics.litellm_names}),
 * so dashboards built for LiteLLM's proxy keep working. Only the metrics Ditto can feed are
 * emitted, each with the labels Ditto can fill; {@code docs/operations.md} lists them. The
 * caller labels ({@code hashed_api_key}, which holds the key id and never a hash of the key,
 * {@code api_key_alias}, {@code team}, {@code user}) appear only with key labels on.
 *
 * <p>Latencies are distribution summaries in seconds rather than timers, because a timer's
 * Prometheus name gains {@code _seconds} and LiteLLM's names have no unit. Thread-safe; the
 * callers ({@link MetricsRecorder}, {@link MeteredRelayEvents}) guard against failures.
 */
final class LiteLlmMetrics implements RequestRecorder, RelayEvents {

    static final String PROXY_TOTAL_REQUESTS = "litellm_proxy_total_requests_metric";
    static final String PROXY_FAILED_REQUESTS = "litellm_proxy_failed_requests_metric";
    static final String REQUESTS = "litellm_requests_metric";
    static final String SPEND = "litellm_spend_metric";
    static final String INPUT_TOKENS = "litellm_input_tokens_metric";
    static final String OUTPUT_TOKENS = "litellm_output_tokens_metric";
    static final String TOTAL_TOKENS = "litellm_total_tokens_metric";
    static final String REQUEST_TOTAL_LATENCY = "litellm_request_total_latency_metric";
    static final String LLM_API_LATENCY = "litellm_llm_api_latency_metric";
    static final String TIME_TO_FIRST_TOKEN = "litellm_llm_api_time_to_first_token_metric";
    static final String OVERHEAD_LATENCY = "litellm_overhead_latency_metric";
    static final String LLM_API_FAILED_REQUESTS = "litellm_llm_api_failed_requests_metric";
    static final String DEPLOYMENT_SUCCESS = "litellm_deployment_success_responses";
    static final String DEPLOYMENT_FAILURE = "litellm_deployment_failure_responses";
    static final String DEPLOYMENT_TOTAL = "litellm_deployment_total_requests";
    static final String DEPLOYMENT_COOLED_DOWN = "litellm_deployment_cooled_down";
    static final String DEPLOYMENT_STATE = "litellm_deployment_state";

    private final MeterRegistry registry;
    private final Labels labels;

    LiteLlmMetrics(MeterRegistry registry, Labels labels) {
        this.registry = registry;
        this.labels = labels;
    }

    /** Registers the state gauge of every configured deployment that has none yet (a reload adds deployments). */
    void watch(DeploymentHealth health) {
        for (Labels.Deployment deployment : labels.deployments()) {
            if (registry.find(DEPLOYMENT_STATE).tag("model_id", deployment.id()).gauge() != null) {
                continue;
            }
            // LiteLLM: 0 healthy, 1 partial outage, 2 complete outage; Ditto's breaker maps onto it.
            Gauge.builder(DEPLOYMENT_STATE, health, h -> MeteredRelayEvents.state(h, deployment.id()))
                    .description("LLM Deployment Analytics - The state of the deployment: 0 = healthy, "
                            + "1 = partial outage, 2 = complete outage")
                    .tags(deploymentTags(deployment))
                    .strongReference(true).register(registry);
        }
    }

    @Override
    public void record(RequestRecord record) {
        Outcome outcome = record.outcome();
        Labels.Deployment deployment = labels.describe(outcome.deploymentId());
        String requested = labels.model(record.model());
        String model = labels.model(outcome.upstreamModel());
        Tags caller = caller(record.caller());
        String status = Integer.toString(outcome.httpStatus());
        counter(PROXY_TOTAL_REQUESTS, "Total number of requests made to the proxy server",
                caller.and("requested_model", requested, "route", labels.route(record.route()), "status_code", status,
                        "model_id", deployment.id())).increment();
        if (outcome.status() != Outcome.Status.OK) {
            counter(PROXY_FAILED_REQUESTS, "Total number of failed responses from proxy",
                    caller.and("requested_model", requested, "route", labels.route(record.route()),
                            "exception_status", status, "exception_class", exceptionClass(outcome.status()),
                            "model_id", deployment.id())).increment();
        }
        Tags modelTags = Tags.of("model", model, "model_id", deployment.id());
        counter(REQUESTS, "Total number of LLM calls to litellm", caller.and(modelTags)).increment();
        if (record.cost() != null) {
            counter(SPEND, "Total spend on LLM requests", caller.and(modelTags)).increment(record.cost().doubleValue());
        }
        Tags tokenTags = caller.and(modelTags).and("requested_model", requested);
        tokens(tokenTags, outcome.usage());
        Tags latencyTags = modelTags.and("requested_model", requested);
        seconds(REQUEST_TOTAL_LATENCY, "Total latency (seconds) for a request to LiteLLM", latencyTags,
                outcome.latency());
        if (outcome.timeToFirstToken() != null) {
            seconds(TIME_TO_FIRST_TOKEN, "Time to first token for a models LLM API call", latencyTags,
                    outcome.timeToFirstToken());
        }
        if (outcome.status() == Outcome.Status.OK && outcome.deploymentId() != null) {
            Tags where = deploymentTags(deployment);
            counter(DEPLOYMENT_SUCCESS, "LLM Deployment Analytics - Total number of successful LLM API calls via "
                    + "litellm", where).increment();
            counter(DEPLOYMENT_TOTAL, "LLM Deployment Analytics - Total number of LLM API calls via litellm - success "
                    + "+ failure", where).increment();
        }
    }

    private void tokens(Tags tags, Usage usage) {
        long input = usage.input().total() == null ? 0 : usage.input().total();
        long output = usage.output().total() == null ? 0 : usage.output().total();
        if (input > 0) {
            counter(INPUT_TOKENS, "Total number of input tokens from LLM requests", tags).increment(input);
        }
        if (output > 0) {
            counter(OUTPUT_TOKENS, "Total number of output tokens from LLM requests", tags).increment(output);
        }
        if (input + output > 0) {
            counter(TOTAL_TOKENS, "Total number of input + output tokens from LLM requests", tags)
                    .increment(input + output);
        }
    }

    @Override
    public void attemptFailed(String deploymentId, SdkException failure) {
        Labels.Deployment deployment = labels.describe(deploymentId);
        Tags where = deploymentTags(deployment);
        Integer status = failure.status();
        counter(DEPLOYMENT_FAILURE, "LLM Deployment Analytics - Total number of failed LLM API calls via litellm",
                where.and("exception_status", status == null ? MetricNames.NONE : status.toString(),
                        "exception_class", failure.getClass().getSimpleName())).increment();
        counter(DEPLOYMENT_TOTAL, "LLM Deployment Analytics - Total number of LLM API calls via litellm - success "
                + "+ failure", where).increment();
        counter(LLM_API_FAILED_REQUESTS, "Deprecated - use litellm_proxy_failed_requests_metric",
                Tags.of("model", deployment.model(), "model_id", deployment.id())).increment();
    }

    @Override
    public void cooldownOpened(String deploymentId) {
        counter(DEPLOYMENT_COOLED_DOWN, "LLM Deployment Analytics - Number of times a deployment has been cooled "
                + "down by LiteLLM load balancing logic", deploymentTags(labels.describe(deploymentId))).increment();
    }

    @Override
    public void timed(String route, @Nullable String modelGroup, String deploymentId, Duration overhead,
            Duration upstream) {
        Labels.Deployment deployment = labels.describe(deploymentId);
        seconds(LLM_API_LATENCY, "Total latency (seconds) for a models LLM API call",
                Tags.of("model", deployment.model(), "model_id", deployment.id(),
                        "requested_model", labels.model(modelGroup)), upstream);
        seconds(OVERHEAD_LATENCY, "Latency overhead (seconds) added by LiteLLM processing",
                Tags.of("model_group", labels.model(modelGroup), "api_provider", deployment.provider(),
                        "api_base", deployment.apiBase(), "litellm_model_name", deployment.qualifiedModel(),
                        "model_id", deployment.id()), overhead);
    }

    private Tags caller(Caller caller) {
        if (!labels.keyLabels()) {
            return Tags.empty();
        }
        return Tags.of("hashed_api_key", caller.keyId(), "api_key_alias", Labels.orNone(caller.keyAlias()),
                "team", Labels.orNone(caller.projectId()), "user", Labels.orNone(caller.userId()));
    }

    private static Tags deploymentTags(Labels.Deployment deployment) {
        return Tags.of("litellm_model_name", deployment.qualifiedModel(), "model_id", deployment.id(),
                "api_base", deployment.apiBase(), "api_provider", deployment.provider());
    }

    private static String exceptionClass(Outcome.Status status) {
        return switch (status) {
            case UPSTREAM_ERROR -> "UpstreamError";
            case STREAM_ERROR -> "StreamError";
            case CLIENT_GONE -> "ClientDisconnected";
            case REJECTED -> "Rejected";
            case GATEWAY_ERROR -> "GatewayError";
            case OK -> status.name().toLowerCase(Locale.ROOT);
        };
    }

    private Counter counter(String name, String description, Tags tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    private void seconds(String name, String description, Tags tags, Duration value) {
        DistributionSummary.builder(name).description(description).serviceLevelObjectives(Buckets.LITELLM)
                .tags(tags).register(registry).record(value.toNanos() / 1e9);
    }
}
