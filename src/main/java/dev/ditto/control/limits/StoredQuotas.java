package dev.ditto.control.limits;

import dev.ditto.control.AdmissionRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.budget.Budget;
import dev.ditto.control.budget.ResetPeriod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns one scope's stored limits and budgets into quotas for one request, over the configured
 * defaults of its kind (see {@link StoredQuotaResolver} for the rules). Stateless.
 */
final class StoredQuotas {

    private static final String API_PREFIX = "/v1";

    private StoredQuotas() {}

    /** What makes two limits the same limit: the same counter, up to window and algorithm. */
    private record Identity(RateLimit.Metric metric, @Nullable String routeGroup, @Nullable String model) {

        static Identity of(RateLimit limit) {
            return new Identity(limit.metric(), limit.routeGroup(), limit.model());
        }
    }

    /**
     * Adds the scope's quotas: the first with its rate limits and first budget, one more for each
     * further budget; none when nothing limits the scope.
     */
    static void merge(Scope scope, @Nullable Quota configured, List<LimitDefinition> storedLimits,
            List<Budget> storedBudgets, AdmissionRequest request, String group, List<Quota> out) {
        List<RateLimit> rateLimits = rateLimits(configured, storedLimits, request, group);
        List<BudgetLimit> budgetLimits = new ArrayList<>(budgets(storedBudgets));
        if (budgetLimits.isEmpty() && configured != null && configured.budget() != null) {
            budgetLimits.add(configured.budget());
        }
        Quota first = new Quota(scope, rateLimits, budgetLimits.isEmpty() ? null : budgetLimits.get(0));
        if (!first.isEmpty()) {
            out.add(first);
        }
        for (int i = 1; i < budgetLimits.size(); i++) {
            out.add(new Quota(scope, List.of(), budgetLimits.get(i)));
        }
    }

    private static List<RateLimit> rateLimits(@Nullable Quota configured, List<LimitDefinition> stored,
            AdmissionRequest request, String group) {
        Map<Identity, RateLimit> strictest = new LinkedHashMap<>();
        for (LimitDefinition definition : stored) {
            if (!applies(definition, request, group)) {
                continue;
            }
            for (RateLimit limit : of(definition)) {
                strictest.merge(Identity.of(limit), limit, (a, b) -> a.limit() <= b.limit() ? a : b);
            }
        }
        List<RateLimit> merged = new ArrayList<>();
        if (configured != null) {
            for (RateLimit limit : configured.rateLimits()) {
                if (!strictest.containsKey(Identity.of(limit))) {
                    merged.add(limit);
                }
            }
        }
        merged.addAll(strictest.values());
        return merged;
    }

    /** Whether a stored limit counts this request: its model, and its route group (a group name or a route). */
    private static boolean applies(LimitDefinition definition, AdmissionRequest request, String group) {
        if (definition.model() != null && !Objects.equals(definition.model(), request.model())) {
            return false;
        }
        String routeGroup = routeGroup(definition);
        return routeGroup == null || routeGroup.equals(group) || routeGroup.equals(request.route());
    }

    /** A stored route group as written (a group name), or a route with the {@code /v1} prefix. */
    private static @Nullable String routeGroup(LimitDefinition definition) {
        String group = definition.routeGroup();
        if (group == null || group.isBlank()) {
            return null;
        }
        if (!group.startsWith("/") || group.equals(API_PREFIX) || group.startsWith(API_PREFIX + "/")) {
            return group;
        }
        return API_PREFIX + group;
    }

    private static List<RateLimit> of(LimitDefinition definition) {
        RateLimit.Algorithm algorithm = definition.algorithm() == LimitAlgorithm.TOKEN_BUCKET
                ? RateLimit.Algorithm.TOKEN_BUCKET : RateLimit.Algorithm.SLIDING_WINDOW;
        String group = routeGroup(definition);
        List<RateLimit> limits = new ArrayList<>(3);
        if (definition.rpm() != null) {
            limits.add(RateLimit.rpm(definition.rpm()).with(algorithm).forRouteGroup(group).forModel(definition.model()));
        }
        if (definition.tpm() != null) {
            limits.add(RateLimit.tpm(definition.tpm()).with(algorithm).forRouteGroup(group).forModel(definition.model()));
        }
        if (definition.maxParallel() != null) {
            limits.add(RateLimit.parallel(definition.maxParallel()).forRouteGroup(group).forModel(definition.model()));
        }
        return limits;
    }

    /** The budgets, one per period, the lowest maximum of a period winning. */
    private static List<BudgetLimit> budgets(List<Budget> stored) {
        Map<BudgetPeriod, BudgetLimit> strictest = new LinkedHashMap<>();
        for (Budget budget : stored) {
            BudgetLimit limit = new BudgetLimit(budget.maxBudget(), period(budget), budget.softBudget());
            strictest.merge(limit.period(), limit, (a, b) -> a.maxUsd().compareTo(b.maxUsd()) <= 0 ? a : b);
        }
        return List.copyOf(strictest.values());
    }

    /** A stored budget's periods, counted from its period start (LiteLLM's budget_reset_at less one period). */
    static BudgetPeriod period(Budget budget) {
        ResetPeriod reset = budget.resetPeriod();
        return switch (reset.kind()) {
            case NEVER -> BudgetPeriod.lifetime();
            case DAILY -> BudgetPeriod.every(Duration.ofDays(1), budget.periodStart());
            case WEEKLY -> BudgetPeriod.every(Duration.ofDays(7), budget.periodStart());
            case MONTHLY -> BudgetPeriod.months(1, budget.periodStart());
            case DURATION -> BudgetPeriod.every(max(Objects.requireNonNull(reset.duration()), Duration.ofSeconds(1)),
                    budget.periodStart());
        };
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
