package dev.ditto.control.limits;

import dev.ditto.control.AdmissionRequest;
import dev.ditto.control.Scope;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The quotas of the configuration file: one set of defaults per scope kind (every key gets the
 * key defaults on counters of its own, every user the user defaults, and so on), and named
 * route groups. A route not listed in any group is a group of its own, named by its path.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * QuotaResolver resolver = ConfiguredQuotaResolver.builder()
 *         .routeGroup("chat", List.of("/v1/chat/completions", "/v1/messages"))
 *         .defaults(Scope.Kind.KEY, List.of(RateLimit.rpm(60), RateLimit.rpm(600).forRouteGroup("chat")), null)
 *         .defaults(Scope.Kind.TENANT, List.of(), BudgetLimit.of(new BigDecimal("100"), BudgetPeriod.monthly()))
 *         .build();
 * }</pre>
 */
public final class ConfiguredQuotaResolver implements QuotaResolver {

    private final Map<String, String> routeGroups;
    private final Map<Scope.Kind, Template> templates;

    private record Template(List<RateLimit> limits, @Nullable BudgetLimit budget) {}

    private ConfiguredQuotaResolver(Builder builder) {
        this.routeGroups = Map.copyOf(builder.routeGroups);
        this.templates = new EnumMap<>(builder.templates);
    }

    /**
     * Returns a builder with no groups and no defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Tells whether any scope kind has a limit or a budget.
     *
     * @return true when the resolver limits something
     */
    public boolean limitsAnything() {
        return !templates.isEmpty();
    }

    /**
     * Returns the route group of a route.
     *
     * @param route the route, such as {@code /v1/chat/completions}
     * @return the configured group's name, else the route itself
     */
    public String routeGroup(String route) {
        return routeGroups.getOrDefault(route, route);
    }

    @Override
    public List<Quota> resolve(AdmissionRequest request) {
        if (templates.isEmpty()) {
            return List.of();
        }
        String group = routeGroup(request.route());
        List<Quota> quotas = new ArrayList<>(4);
        for (Scope scope : Scope.of(request.caller())) {
            Template template = templates.get(scope.kind());
            if (template == null) {
                continue;
            }
            List<RateLimit> limits = new ArrayList<>(template.limits().size());
            for (RateLimit limit : template.limits()) {
                if ((limit.routeGroup() == null || limit.routeGroup().equals(group))
                        && (limit.model() == null || Objects.equals(limit.model(), request.model()))) {
                    limits.add(limit);
                }
            }
            Quota quota = new Quota(scope, limits, template.budget());
            if (!quota.isEmpty()) {
                quotas.add(quota);
            }
        }
        return quotas;
    }

    /** Collects route groups and defaults. Not thread-safe. */
    public static final class Builder {

        private final Map<String, String> routeGroups = new HashMap<>();
        private final Map<Scope.Kind, Template> templates = new EnumMap<>(Scope.Kind.class);

        private Builder() {}

        /**
         * Names a group of routes that share the limits qualified by the group's name.
         *
         * @param name the group's name
         * @param routes its routes, such as {@code /v1/chat/completions}
         * @return this builder
         * @throws IllegalArgumentException if a route is already in another group
         */
        public Builder routeGroup(String name, List<String> routes) {
            for (String route : routes) {
                String previous = routeGroups.putIfAbsent(route, name);
                if (previous != null && !previous.equals(name)) {
                    throw new IllegalArgumentException("route '" + route + "' is already in route group '"
                            + previous + "'");
                }
            }
            return this;
        }

        /**
         * Sets the defaults of a scope kind; a kind with neither limits nor a budget is unlimited.
         *
         * @param kind the scope kind
         * @param limits its rate limits, qualified or not
         * @param budget its budget, or null
         * @return this builder
         */
        public Builder defaults(Scope.Kind kind, List<RateLimit> limits, @Nullable BudgetLimit budget) {
            if (limits.isEmpty() && budget == null) {
                templates.remove(kind);
            } else {
                templates.put(kind, new Template(List.copyOf(limits), budget));
            }
            return this;
        }

        /**
         * Builds the resolver.
         *
         * @return the resolver
         */
        public ConfiguredQuotaResolver build() {
            return new ConfiguredQuotaResolver(this);
        }
    }
}
