package dev.ditto.gateway.relay;

import dev.ditto.config.GatewaySettings;
import dev.ditto.control.ControlPlane;
import dev.ditto.config.ModelDeployment;
import dev.ditto.gateway.routing.Router;
import dev.ditto.provider.openai.OpenAiUpstream;
import dev.ditto.ops.RelayEvents;
import dev.ditto.sdk.EmbeddingModel;
import dev.ditto.sdk.LanguageModel;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What the relay needs besides the edge: the router, the models of the deployments and where
 * they take passthrough requests, a timer
 * for retry back-off (so no thread sleeps), and the retry policy. Thread-safe; {@link #close()}
 * stops the timer.
 */
public final class DataPlane implements AutoCloseable {

    /** Retries per model group when the configuration says nothing (LiteLLM's proxy default is 0-3). */
    public static final int DEFAULT_RETRIES = 2;
    /** The longest back-off between attempts, whatever Retry-After says. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final Router router;
    private final ModelResolver resolver;
    private final Function<ModelDeployment, EmbeddingModel> embeddingResolver;
    private final Function<ModelDeployment, Optional<OpenAiUpstream>> upstreamResolver;
    private final Map<String, Optional<OpenAiUpstream>> upstreams = new ConcurrentHashMap<>();
    private final boolean passthroughByDefault;
    private final Map<String, EmbeddingModel> embeddingModels = new ConcurrentHashMap<>();
    private final Ticker ticker;
    private final int retries;
    private final ScheduledThreadPoolExecutor timer;
    private final Map<String, LanguageModel> models = new ConcurrentHashMap<>();
    private final ControlPlane control;
    private final Clock clock;
    private final RelayEvents events;

    /**
     * Creates the data plane.
     *
     * @param settings the configuration (for the retry count)
     * @param router the router
     * @param resolver builds the language model of a deployment
     * @param embeddingResolver builds the embedding model of a deployment
     * @param upstreamResolver gives where a deployment takes raw OpenAI requests, if it speaks OpenAI's API
     * @param ticker monotonic time
     * @param control the control-plane ports every request goes through
     * @param clock wall time, for the records of requests
     * @param events told of failed attempts, streams, rejections and timings (metrics)
     */
    public DataPlane(GatewaySettings settings, Router router, ModelResolver resolver,
            Function<ModelDeployment, EmbeddingModel> embeddingResolver,
            Function<ModelDeployment, Optional<OpenAiUpstream>> upstreamResolver, Ticker ticker, ControlPlane control,
            Clock clock, RelayEvents events) {
        this.events = events;
        this.router = router;
        this.control = control;
        this.clock = clock;
        this.resolver = resolver;
        this.embeddingResolver = embeddingResolver;
        this.upstreamResolver = upstreamResolver;
        this.passthroughByDefault = settings.ditto().relay().passthrough();
        this.ticker = ticker;
        Integer configured = settings.routerSettings().numRetries() != null
                ? settings.routerSettings().numRetries() : settings.litellmSettings().numRetries();
        this.retries = configured != null ? configured : DEFAULT_RETRIES;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "ditto-relay-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(30, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    /**
     * Returns the router, whose cooldowns and statistics the admin API reads.
     *
     * @return the router
     */
    public Router router() {
        return router;
    }

    /**
     * Returns the control-plane ports: authentication, admission, recording.
     *
     * @return the ports
     */
    public ControlPlane control() {
        return control;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Counts a failed attempt against the deployment's cooldown and tells the observer, in one
     * place for every exchange.
     */
    void attemptFailed(ModelDeployment deployment, SdkException failure) {
        router.cooldowns().recordFailure(deployment.id(), AttemptPlan.failureKind(failure));
        events.attemptFailed(deployment.id(), failure);
    }

    /** The observer of what the relay does; its calls never throw. */
    RelayEvents events() {
        return events;
    }

    Ticker ticker() {
        return ticker;
    }

    int retries() {
        return retries;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /** The model of a deployment, built once per deployment, model id (wildcards differ) and API. */
    LanguageModel model(ModelDeployment deployment, ModelResolver.Api api) {
        String key = deployment.id() + "\n" + deployment.litellmParams().qualifiedModel() + "\n" + api;
        return models.computeIfAbsent(key, k -> resolver.languageModel(deployment, api));
    }

    /** The embedding model of a deployment, built once per deployment and model id. */
    EmbeddingModel embeddingModel(ModelDeployment deployment) {
        String key = deployment.id() + "\n" + deployment.litellmParams().qualifiedModel();
        return embeddingModels.computeIfAbsent(key, k -> embeddingResolver.apply(deployment));
    }

    /**
     * Where one attempt forwards the client's request as it is, or empty to translate it: the
     * deployment's {@code ditto_mode} (with {@code ditto.relay.passthrough} deciding {@code auto})
     * must allow passthrough, its provider must offer the route's API, and speak OpenAI's.
     */
    Optional<OpenAiUpstream> passthrough(ModelDeployment deployment, OpenAiRoute route) {
        boolean wanted = switch (deployment.litellmParams().dittoMode()) {
            case TRANSLATE -> false;
            case PASSTHROUGH -> true;
            case AUTO -> passthroughByDefault;
        };
        if (!wanted || !route.offeredBy(deployment.litellmParams().provider())) {
            return Optional.empty();
        }
        // The upstream is the account's, whatever model a wildcard deployment serves.
        return upstreams.computeIfAbsent(deployment.id(), id -> upstreamResolver.apply(deployment));
    }

    /** Where raw OpenAI API requests to a deployment go; empty when its provider does not speak OpenAI's API. */
    Optional<OpenAiUpstream> upstream(ModelDeployment deployment) {
        return upstreams.computeIfAbsent(deployment.id(), id -> upstreamResolver.apply(deployment));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
