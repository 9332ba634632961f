package dev.ditto.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What changed between the configuration in force and a reloaded one, and which of the changes
 * a reload applies.
 *
 * <p>A reload applies the model list, {@code router_settings} (but its Redis address),
 * {@code litellm_settings} (retries, timeouts, fallbacks) and {@code ditto.relay},
 * {@code ditto.pricing} and {@code ditto.passthrough}: what decides where a request goes and
 * what it costs. Everything else (the database, Redis, the listening address, keys, limits,
 * metrics, the admin realm, retention, the reload watch, body limits, the master key) is opened or wired once at
 * startup; a change there is reported by {@link #restartRequired} and takes effect at the next
 * start.
 *
 * @param added ids of deployments only the new configuration has
 * @param removed ids of deployments only the old one had
 * @param changed ids of deployments both have, with different settings
 * @param routingChanged whether anything a reload applies changed: the model list, router or
 *     LiteLLM settings, or the relay, pricing or passthrough settings
 */
public record ConfigChanges(List<String> added, List<String> removed, List<String> changed, boolean routingChanged) {

    /** Copies the lists. */
    public ConfigChanges {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    /**
     * Compares what a reload applies in two configurations.
     *
     * @param before the configuration whose routes are in force
     * @param after the reloaded one
     * @return the differences
     */
    public static ConfigChanges between(GatewaySettings before, GatewaySettings after) {
        Map<String, ModelDeployment> old = byId(before.modelList());
        Map<String, ModelDeployment> next = byId(after.modelList());
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        next.forEach((id, deployment) -> {
            ModelDeployment previous = old.get(id);
            if (previous == null) {
                added.add(id);
            } else if (!previous.equals(deployment)) {
                changed.add(id);
            }
        });
        List<String> removed = old.keySet().stream().filter(id -> !next.containsKey(id)).toList();
        RouterSettings router = before.routerSettings();
        RouterSettings newRouter = after.routerSettings();
        boolean routingChanged = !withoutRedis(router).equals(withoutRedis(newRouter))
                || !before.litellmSettings().equals(after.litellmSettings())
                || !before.ditto().relay().equals(after.ditto().relay())
                || !before.ditto().pricing().equals(after.ditto().pricing())
                || !before.ditto().passthrough().equals(after.ditto().passthrough())
                || !before.modelList().equals(after.modelList());
        return new ConfigChanges(added, removed, changed, routingChanged);
    }

    /**
     * Lists the settings that differ but that a reload does not apply.
     *
     * @param running the configuration the gateway started with
     * @param after the reloaded one
     * @return the settings' names, such as {@code general_settings} or {@code ditto.limits}; empty when none
     */
    public static List<String> restartRequired(GatewaySettings running, GatewaySettings after) {
        List<String> names = new ArrayList<>();
        DittoSettings a = running.ditto();
        DittoSettings b = after.ditto();
        check(names, "general_settings", running.generalSettings(), after.generalSettings());
        check(names, "router_settings.redis_host/redis_port/redis_password (Redis)", running.redis(), after.redis());
        check(names, "ditto.server", a.server(), b.server());
        check(names, "ditto.data_dir", a.dataDir(), b.dataDir());
        check(names, "ditto.max_request_body", a.maxRequestBodyBytes(), b.maxRequestBodyBytes());
        check(names, "ditto.max_upload_body", a.maxUploadBytes(), b.maxUploadBytes());
        check(names, "ditto.database", a.database(), b.database());
        check(names, "ditto.limits", a.limits(), b.limits());
        check(names, "ditto.keys", a.keys(), b.keys());
        check(names, "ditto.metrics", a.metrics(), b.metrics());
        check(names, "ditto.admin", a.admin(), b.admin());
        check(names, "ditto.retention", a.retention(), b.retention());
        check(names, "ditto.reload", a.reload(), b.reload());
        return names;
    }

    private static void check(List<String> names, String name, @Nullable Object before, @Nullable Object after) {
        if (!Objects.equals(before, after)) {
            names.add(name);
        }
    }

    private static RouterSettings withoutRedis(RouterSettings settings) {
        return new RouterSettings(settings.routingStrategy(), null, null, null, settings.numRetries(), settings.timeout(),
                settings.allowedFails(), settings.cooldownTime(), settings.fallbacks());
    }

    private static Map<String, ModelDeployment> byId(List<ModelDeployment> deployments) {
        Map<String, ModelDeployment> byId = new LinkedHashMap<>();
        deployments.forEach(deployment -> byId.putIfAbsent(deployment.id(), deployment));
        return byId;
    }
}
