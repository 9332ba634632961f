package dev.ditto.ops.metrics;

import dev.ditto.control.Outcome;
import dev.ditto.control.RequestRecord;
import dev.ditto.control.RequestRecorder;
import dev.ditto.sdk.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every settled request into Ditto's request meters: {@code ditto_requests_total},
 * {@code ditto_request_duration_seconds}, {@code ditto_time_to_first_token_seconds},
 * {@code ditto_tokens_total} and {@code ditto_spend_usd_total}, and hands the record to the
 * LiteLLM-named mirror when that is on. Built by {@link GatewayMetrics}; the composition root
 * puts it next to the other recorders with {@link RequestRecorder#all}.
 *
 * <p>Thread-safe; never throws (a failure is logged and the request goes on).
 */
public final class MetricsRecorder implements RequestRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsRecorder.class);

    private final MeterRegistry registry;
    private final Labels labels;
    private final RequestRecorder litellm;

    MetricsRecorder(MeterRegistry registry, Labels labels, RequestRecorder litellm) {
        this.registry = registry;
        this.labels = labels;
        this.litellm = litellm;
    }

    @Override
    public void record(RequestRecord record) {
        try {
            count(record);
            litellm.record(record);
        } catch (RuntimeException e) {
            LOG.warn("event=metrics_failed request_id={} error=\"{}\"", record.requestId(), e.toString());
        }
    }

    private void count(RequestRecord record) {
        Outcome outcome = record.outcome();
        Tags where = Tags.of(MetricNames.ROUTE, labels.route(record.route()),
                MetricNames.MODEL, labels.model(record.model()),
                MetricNames.DEPLOYMENT, labels.deployment(outcome.deploymentId()));
        Tags key = labels.key(record.caller());
        String ending = outcome.status().name().toLowerCase(Locale.ROOT);
        Counter.builder(MetricNames.REQUESTS)
                .description("Settled requests, by route, model group, deployment, outcome and HTTP status")
                .tags(where).tags(key)
                .tag(MetricNames.OUTCOME, ending)
                .tag(MetricNames.STATUS, Integer.toString(outcome.httpStatus()))
                .register(registry).increment();
        Timer.builder(MetricNames.REQUEST_DURATION)
                .description("From receiving a request to the end of its answer")
                .serviceLevelObjectives(Buckets.REQUEST)
                .tags(where).tag(MetricNames.OUTCOME, ending)
                .register(registry).record(outcome.latency());
        Duration firstToken = outcome.timeToFirstToken();
        if (firstToken != null) {
            Timer.builder(MetricNames.TIME_TO_FIRST_TOKEN)
                    .description("From receiving a streamed request to its first content reaching the client")
                    .serviceLevelObjectives(Buckets.REQUEST)
                    .tags(where)
                    .register(registry).record(firstToken);
        }
        tokens(where.and(key), outcome.usage());
        if (record.cost() != null) {
            Counter.builder(MetricNames.SPEND)
                    .description("USD charged for requests")
                    .tags(MetricNames.MODEL, labels.model(record.model()),
                            MetricNames.DEPLOYMENT, labels.deployment(outcome.deploymentId()))
                    .tags(key)
                    .register(registry).increment(record.cost().doubleValue());
        }
    }

    private void tokens(Tags tags, Usage usage) {
        Long input = usage.input().total();
        Long output = usage.output().total();
        if (input != null && input > 0) {
            tokenCounter(tags, "input").increment(input);
        }
        if (output != null && output > 0) {
            tokenCounter(tags, "output").increment(output);
        }
    }

    private Counter tokenCounter(Tags tags, String direction) {
        return Counter.builder(MetricNames.TOKENS)
                .description("Tokens the upstreams reported, in (prompt) and out (completion)")
                .tags(tags).tag(MetricNames.DIRECTION, direction)
                .register(registry);
    }
}
