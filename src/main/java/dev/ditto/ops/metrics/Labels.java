package dev.ditto.ops.metrics;

import dev.ditto.config.ModelDeployment;
import dev.ditto.control.Caller;
import io.micrometer.core.instrument.Tags;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
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
    private final BoundedLabel routes;
    private final BoundedLabel reasons = new BoundedLabel(List.of(), REASONS);
    /** What the configuration in force names; replaced whole when it is reloaded. */
    private volatile Known known;

    /** What the labels say about a configured deployment. */
    record Deployment(String id, String modelName, String provider, String model, String qualifiedModel,
            String apiBase) {}

    /**
     * The label values one configuration gives: its model groups (plus wildcard matches up to a
     * cap) and its deployments.
     */
    private record Known(Set<String> groups, BoundedLabel models, BoundedLabel deployments, Map<String, Deployment> byId) {

        static Known of(List<ModelDeployment> configured) {
            Set<String> names = new LinkedHashSet<>();
            Map<String, Deployment> byId = new LinkedHashMap<>();
            for (ModelDeployment deployment : configured) {
                names.add(deployment.modelName());
                byId.putIfAbsent(deployment.id(), new Deployment(deployment.id(), deployment.modelName(),
                        deployment.litellmParams().provider(), deployment.litellmParams().model(),
                        deployment.litellmParams().qualifiedModel(), apiBase(deployment.litellmParams().apiBase())));
            }
            // Deployment ids come from the configuration only; anything else is a bug, capped at zero.
            return new Known(Set.copyOf(names), new BoundedLabel(names, EXTRA_MODELS), new BoundedLabel(byId.keySet(), 0),
                    Collections.unmodifiableMap(byId));
        }
    }

    /**
     * What a reload made stale: the series of deployments that are gone or changed (their
     * descriptive labels differ now) and of model groups no longer configured.
     *
     * @param deployments the ids of deployments removed or changed
     * @param models the model groups removed
     */
    record Stale(Set<String> deployments, Set<String> models) {}

    Labels(List<ModelDeployment> configured, boolean keyLabels) {
        this.keyLabels = keyLabels;
        this.known = Known.of(configured);
        this.routes = new BoundedLabel(ROUTES, EXTRA_ROUTES);
    }

    /**
     * Switches to a reloaded configuration's model groups and deployments. The wildcard matches
     * seen so far keep their series and count against the new cap, so reloads never raise the
     * number of series past it.
     *
     * @param configured the reloaded model list
     * @return what is no longer labelled, whose series the caller removes
     */
    synchronized Stale reconfigure(List<ModelDeployment> configured) {
        Known before = known;
        Known after = Known.of(configured);
        for (String value : before.models().values()) {
            if (!before.groups().contains(value)) {
                after.models().of(value);
            }
        }
        Set<String> deployments = new LinkedHashSet<>();
        before.byId().forEach((id, deployment) -> {
            if (!deployment.equals(after.byId().get(id))) {
                deployments.add(id);
            }
        });
        Set<String> models = new LinkedHashSet<>(before.groups());
        models.removeAll(after.groups());
        known = after;
        return new Stale(Set.copyOf(deployments), Set.copyOf(models));
    }

    boolean keyLabels() {
        return keyLabels;
    }

    String model(@Nullable String model) {
        return known.models().of(model);
    }

    String route(String route) {
        return routes.of(route);
    }

    String deployment(@Nullable String id) {
        return known.deployments().of(id);
    }

    String reason(String reason) {
        return reasons.of(reason);
    }

    List<Deployment> deployments() {
        return List.copyOf(known.byId().values());
    }

    /** The configured deployment, or a stand-in with empty labels for an unknown id. */
    Deployment describe(@Nullable String id) {
        Deployment configured = id == null ? null : known.byId().get(id);
        return configured != null ? configured
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
