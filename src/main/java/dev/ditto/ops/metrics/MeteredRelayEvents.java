package dev.ditto.ops.metrics;

import dev.ditto.ops.DeploymentHealth;
import dev.ditto.ops.RelayEvents;
import dev.ditto.ops.UpstreamErrorClass;
import dev.ditto.sdk.SdkException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what the relay and the router report into Ditto's meters: upstream errors by class,
 * cooldowns, fallbacks, open streams, admission rejections and overhead; and hands each event
 * to the LiteLLM-named mirror. Registers the meters that must exist before the first event
 * (cooldowns and state per deployment, open streams) when built. Thread-safe; never throws.
 */
final class MeteredRelayEvents implements RelayEvents {

    private static final Logger LOG = LoggerFactory.getLogger(MeteredRelayEvents.class);

    private final MeterRegistry registry;
    private final Labels labels;
    private final RelayEvents litellm;
    private final AtomicLong openStreams = new AtomicLong();

    MeteredRelayEvents(MeterRegistry registry, Labels labels, RelayEvents litellm) {
        this.registry = registry;
        this.labels = labels;
        this.litellm = litellm;
        Gauge.builder(MetricNames.OPEN_STREAMS, openStreams, AtomicLong::get)
                .description("Streams being relayed to clients now")
                .strongReference(true).register(registry);
        registerDeployments();
    }

    /** Starts each configured deployment's cooldown counter at zero, so a rate over it has a base. */
    void registerDeployments() {
        for (Labels.Deployment deployment : labels.deployments()) {
            cooldowns(deployment.id());
        }
    }

    /** Registers the state gauge of every configured deployment that has none yet (a reload adds deployments). */
    void watch(DeploymentHealth health) {
        for (Labels.Deployment deployment : labels.deployments()) {
            if (registry.find(MetricNames.DEPLOYMENT_STATE).tag(MetricNames.DEPLOYMENT, deployment.id()).gauge() != null) {
                continue;
            }
            Gauge.builder(MetricNames.DEPLOYMENT_STATE, health, h -> state(h, deployment.id()))
                    .description("A deployment's circuit breaker on this node: 0 healthy, 1 half open (one probe "
                            + "decides), 2 cooling down")
                    .tags(MetricNames.DEPLOYMENT, deployment.id(), MetricNames.MODEL, labels.model(deployment.modelName()))
                    .strongReference(true).register(registry);
        }
    }

    static double state(DeploymentHealth health, String id) {
        return health.snapshot(id).map(snapshot -> (double) snapshot.state().ordinal()).orElse(Double.NaN);
    }

    private Counter cooldowns(String deploymentId) {
        return Counter.builder(MetricNames.COOLDOWNS)
                .description("Times a deployment's circuit breaker opened (it cools down)")
                .tag(MetricNames.DEPLOYMENT, labels.deployment(deploymentId))
                .register(registry);
    }

    @Override
    public void attemptFailed(String deploymentId, SdkException failure) {
        guard("attempt_failed", () -> {
            Counter.builder(MetricNames.UPSTREAM_ERRORS)
                    .description("Failed upstream attempts (retried or not), by class")
                    .tags(MetricNames.DEPLOYMENT, labels.deployment(deploymentId),
                            MetricNames.CLASS, UpstreamErrorClass.of(failure).label())
                    .register(registry).increment();
            litellm.attemptFailed(deploymentId, failure);
        });
    }

    @Override
    public void cooldownOpened(String deploymentId) {
        guard("cooldown_opened", () -> {
            cooldowns(deploymentId).increment();
            litellm.cooldownOpened(deploymentId);
        });
    }

    @Override
    public void fallback(String fromGroup, String toGroup) {
        guard("fallback", () -> Counter.builder(MetricNames.FALLBACKS)
                .description("Requests moved on to a fallback model group")
                .tags(MetricNames.FROM_MODEL, labels.model(fromGroup), MetricNames.TO_MODEL, labels.model(toGroup))
                .register(registry).increment());
    }

    @Override
    public void streamOpened() {
        openStreams.incrementAndGet();
    }

    @Override
    public void streamClosed() {
        openStreams.decrementAndGet();
    }

    @Override
    public void admissionRejected(String reason) {
        guard("admission_rejected", () -> Counter.builder(MetricNames.ADMISSION_REJECTIONS)
                .description("Requests refused by a rate limit or a budget before any upstream call")
                .tag(MetricNames.REASON, labels.reason(reason))
                .register(registry).increment());
    }

    @Override
    public void timed(String route, @Nullable String modelGroup, String deploymentId, Duration overhead,
            Duration upstream) {
        guard("timed", () -> {
            Timer.builder(MetricNames.OVERHEAD_DURATION)
                    .description("From receiving a request to calling the upstream that answered it "
                            + "(x-ditto-overhead-duration-ms): routing, translation, failed attempts and back-off")
                    .serviceLevelObjectives(Buckets.OVERHEAD)
                    .tags(MetricNames.ROUTE, labels.route(route), MetricNames.MODEL, labels.model(modelGroup),
                            MetricNames.DEPLOYMENT, labels.deployment(deploymentId))
                    .register(registry).record(overhead);
            litellm.timed(route, modelGroup, deploymentId, overhead, upstream);
        });
    }

    private static void guard(String event, Runnable update) {
        try {
            update.run();
        } catch (RuntimeException e) {
            LOG.warn("event=metrics_failed hook={} error=\"{}\"", event, e.toString());
        }
    }
}
