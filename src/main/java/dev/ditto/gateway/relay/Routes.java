package dev.ditto.gateway.relay;

import dev.ditto.config.GatewaySettings;
import dev.ditto.config.ModelDeployment;
import dev.ditto.control.pricing.PriceBook;
import dev.ditto.gateway.ModelCatalog;
import dev.ditto.gateway.routing.Router;
import dev.ditto.ops.RelayEvents;
import dev.ditto.provider.openai.OpenAiUpstream;
import dev.ditto.sdk.EmbeddingModel;
import dev.ditto.sdk.LanguageModel;
import dev.ditto.sdk.SdkException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One configuration's routing: its model groups, its router, its retry and passthrough policy,
 * and the models of its deployments, built on first use. A request takes the routes current when
 * it starts and keeps them to its end, so a configuration reload never changes the deployments,
 * retries or prices under a request in flight; the next request gets the new routes.
 *
 * <p>Immutable apart from the model caches; thread-safe.
 */
public final class Routes {

    private final GatewaySettings settings;
    private final ModelCatalog catalog;
    private final Router router;
    private final DeploymentModels factory;
    private final RelayEvents events;
    private final PriceBook prices;
    private final int retries;
    private final boolean passthroughByDefault;
    private final Map<String, LanguageModel> models = new ConcurrentHashMap<>();
    private final Map<String, EmbeddingModel> embeddingModels = new ConcurrentHashMap<>();
    private final Map<String, Optional<OpenAiUpstream>> upstreams = new ConcurrentHashMap<>();

    /**
     * Creates the routes of one configuration.
     *
     * @param settings the configuration (retries, passthrough, the model list)
     * @param catalog its model groups
     * @param router its router
     * @param factory builds what calls a deployment under this configuration
     * @param events told of failed attempts
     * @param prices its deployments' prices
     */
    public Routes(GatewaySettings settings, ModelCatalog catalog, Router router, DeploymentModels factory,
            RelayEvents events, PriceBook prices) {
        this.settings = settings;
        this.catalog = catalog;
        this.router = router;
        this.factory = factory;
        this.events = events;
        this.prices = prices;
        Integer configured = settings.routerSettings().numRetries() != null
                ? settings.routerSettings().numRetries() : settings.litellmSettings().numRetries();
        this.retries = configured != null ? configured : DataPlane.DEFAULT_RETRIES;
        this.passthroughByDefault = settings.ditto().relay().passthrough();
    }

    /**
     * Returns the configuration these routes were built from.
     *
     * @return the settings
     */
    public GatewaySettings settings() {
        return settings;
    }

    /**
     * Returns the model groups clients can ask for.
     *
     * @return the catalog
     */
    public ModelCatalog catalog() {
        return catalog;
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
     * Returns the deployments' prices under this configuration, for the model information
     * endpoints (admission keeps its own copy, which also prices the previous configuration's
     * deployments for the requests still settling on them).
     *
     * @return the price book
     */
    public PriceBook prices() {
        return prices;
    }

    int retries() {
        return retries;
    }

    /**
     * Counts a failed attempt against the deployment's cooldown and tells the observer, in one
     * place for every exchange.
     */
    void attemptFailed(ModelDeployment deployment, SdkException failure) {
        router.cooldowns().recordFailure(deployment.id(), AttemptPlan.failureKind(failure));
        events.attemptFailed(deployment.id(), failure);
    }

    /** The model of a deployment, built once per deployment, model id (wildcards differ) and API. */
    LanguageModel model(ModelDeployment deployment, DeploymentModels.Api api) {
        String key = deployment.id() + "\n" + deployment.litellmParams().qualifiedModel() + "\n" + api;
        return models.computeIfAbsent(key, k -> factory.languageModel(deployment, api));
    }

    /** The embedding model of a deployment, built once per deployment and model id. */
    EmbeddingModel embeddingModel(ModelDeployment deployment) {
        String key = deployment.id() + "\n" + deployment.litellmParams().qualifiedModel();
        return embeddingModels.computeIfAbsent(key, k -> factory.embeddingModel(deployment));
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
        return upstream(deployment);
    }

    /** Where raw OpenAI API requests to a deployment go; empty when its provider does not speak OpenAI's API. */
    Optional<OpenAiUpstream> upstream(ModelDeployment deployment) {
        return upstreams.computeIfAbsent(deployment.id(), id -> factory.openAiUpstream(deployment));
    }
}
