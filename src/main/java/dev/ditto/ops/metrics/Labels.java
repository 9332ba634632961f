package dev.ditto.ops.metrics;

import dev.ditto.config.ModelDeployment;
import dev.ditto.control.Caller;
import io.micrometer.core.instrument.Tags;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns request data into bounded label values: model groups, routes and deployments from the
 * configuration pass, other values are capped; the caller's key id and alias appear only when
 * key labels are on. Never a raw key: the {@link Caller} carries none. Thread-safe.
 */
final class Labels {

    /** Model names beyond the configured ones (wildcard matches) that get their own series. */
    static final int EXTRA_MODELS = 100;
    /** Routes beyond the known ones. */
    static final int EXTRA_ROUTES = 50;
    /** Distinct admission refusal codes. */
    static final int REASONS = 20;

    private static final List<String> ROUTES = List.of("/v1/chat/completions", "/v1/completions", "/v1/embeddings",
            "/v1/messages", "/v1/responses", "/v1/messages/count_tokens");

    private final boolean keyLabels;
    private final BoundedLabel models;
    private final BoundedLabel routes;
    private final BoundedLabel deployments;
    private final BoundedLabel reasons = new BoundedLabel(List.of(), REASONS);
    private final Map<String, Deployment> byId = new HashMap<>();

    /** What the labels say about a configured deployment. */
    record Deployment(String id, String modelName, String provider, String model, String qualifiedModel,
            String apiBase) {}

    Labels(List<ModelDeployment> configured, boolean keyLabels) {
        this.keyLabels = keyLabels;
        Set<String> names = new LinkedHashSet<>();
        for (ModelDeployment deployment : configured) {
            names.add(deployment.modelName());
            byId.putIfAbsent(deployment.id(), new Deployment(deployment.id(), deployment.modelName(),
                    deployment.litellmParams().provider(), deployment.litellmParams().model(),
                    deployment.litellmParams().qualifiedModel(), apiBase(deployment.litellmParams().apiBase())));
        }
        this.models = new BoundedLabel(names, EXTRA_MODELS);
        this.routes = new BoundedLabel(ROUTES, EXTRA_ROUTES);
        // Deployment ids come from the configuration only; anything else is a bug, capped at zero.
        this.deployments = new BoundedLabel(byId.keySet(), 0);
    }

    boolean keyLabels() {
        return keyLabels;
    }

    String model(@Nullable String model) {
        return models.of(model);
    }

    String route(String route) {
        return routes.of(route);
    }

    String deployment(@Nullable String id) {
        return deployments.of(id);
    }

    String reason(String reason) {
        return reasons.of(reason);
    }

    List<Deployment> deployments() {
        return List.copyOf(byId.values());
    }

    /** The configured deployment, or a stand-in with empty labels for an unknown id. */
    Deployment describe(@Nullable String id) {
        Deployment known = id == null ? null : byId.get(id);
        return known != null ? known
                : new Deployment(deployment(id), MetricNames.NONE, MetricNames.NONE, MetricNames.NONE, MetricNames.NONE,
                        MetricNames.NONE);
    }

    /** The caller's key id and alias, or no tags when key labels are off. */
    Tags key(Caller caller) {
        if (!keyLabels) {
            return Tags.empty();
        }
        return Tags.of(MetricNames.KEY_ID, caller.keyId(), MetricNames.KEY_ALIAS, orNone(caller.keyAlias()));
    }

    static String orNone(@Nullable String value) {
        return value == null ? MetricNames.NONE : value;
    }

    /** The base URL without credentials, query or fragment, which may hold secrets (Gemini's ?key=). */
    static String apiBase(@Nullable URI uri) {
        if (uri == null) {
            return MetricNames.NONE;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return MetricNames.NONE;
        }
    }
}
