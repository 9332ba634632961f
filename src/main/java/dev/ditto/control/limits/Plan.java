package dev.ditto.control.limits;

import dev.ditto.control.AdmissionRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.pricing.ModelPrice;
import dev.ditto.control.pricing.NanoDollars;
import dev.ditto.control.pricing.PriceBook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One request's admission plan, with where each counter and hold came from (for messages,
 * headers and alerts) and the estimates it was built on.
 *
 * @param store what the store executes
 * @param counters the limit behind each counter, in plan order
 * @param holds the budget behind each hold, in plan order
 * @param estimatedInputTokens the prompt estimate
 * @param estimatedTokens the prompt estimate plus the output cap
 */
record Plan(AdmitPlan store, List<CounterSource> counters, List<HoldSource> holds, long estimatedInputTokens,
        long estimatedTokens) {

    /** The limit behind a counter. */
    record CounterSource(Scope scope, RateLimit limit) {}

    /** The budget behind a hold, and the period it holds in. */
    record HoldSource(Scope scope, BudgetLimit budget, BudgetPeriod.Window window) {}

    /**
     * Builds the plan of a request.
     *
     * @param request the request
     * @param quotas what applies to it
     * @param worst the worst-case price of its model group, or null when unpriced (then no quota has a budget)
     * @param prices for the default output cap
     * @param replicaId this node
     * @param nowMillis the wall time
     * @param grace how long a ledger outlives its period, for requests that settle late
     * @return the plan
     */
    static Plan of(AdmissionRequest request, List<Quota> quotas, @Nullable ModelPrice worst, PriceBook prices,
            String replicaId, long nowMillis, Duration grace) {
        long input = Math.max(0, request.estimatedInputTokens());
        long output = outputCap(request, worst, prices);
        long tokens = saturatedAdd(input, output);
        long holdNanos = worst == null ? 0 : NanoDollars.ceil(worst.worstCase(input, output));
        Instant now = Instant.ofEpochMilli(nowMillis);
        List<AdmitPlan.Counter> counters = new ArrayList<>();
        List<CounterSource> counterSources = new ArrayList<>();
        List<AdmitPlan.Hold> holds = new ArrayList<>();
        List<HoldSource> holdSources = new ArrayList<>();
        // A scope with several budgets comes as several quotas; it is named once.
        Set<String> scopes = new LinkedHashSet<>();
        for (Quota quota : quotas) {
            scopes.add(quota.scope().kind().wireName() + ":" + quota.scope().id());
            for (RateLimit limit : quota.rateLimits()) {
                counters.add(counter(quota.scope(), limit, tokens));
                counterSources.add(new CounterSource(quota.scope(), limit));
            }
            BudgetLimit budget = quota.budget();
            if (budget != null) {
                BudgetPeriod.Window window = budget.period().window(now);
                long expiresAt = window.end() == null ? 0 : window.end().plus(grace).toEpochMilli();
                holds.add(new AdmitPlan.Hold(QuotaKeys.ledger(quota.scope(), window), NanoDollars.floor(budget.maxUsd()),
                        holdNanos, expiresAt));
                holdSources.add(new HoldSource(quota.scope(), budget, window));
            }
        }
        AdmitPlan.Reservation reservation = new AdmitPlan.Reservation(UUID.randomUUID().toString(), request.requestId(),
                replicaId, nowMillis, String.join(",", scopes));
        return new Plan(new AdmitPlan(QuotaKeys.partition(request.caller()), reservation, counters, holds),
                counterSources, holdSources, input, tokens);
    }

    private static AdmitPlan.Counter counter(Scope scope, RateLimit limit, long tokens) {
        String key = QuotaKeys.counter(scope, limit);
        long window = limit.window().toMillis();
        return switch (limit.metric()) {
            case PARALLEL -> new AdmitPlan.Counter(key, AdmitPlan.Counter.Kind.CONCURRENCY, limit.limit(), window, 1, false);
            case REQUESTS -> new AdmitPlan.Counter(key, kind(limit), limit.limit(), window, 1, false);
            case TOKENS -> new AdmitPlan.Counter(key, kind(limit), limit.limit(), window, tokens, true);
        };
    }

    private static AdmitPlan.Counter.Kind kind(RateLimit limit) {
        return limit.algorithm() == RateLimit.Algorithm.TOKEN_BUCKET
                ? AdmitPlan.Counter.Kind.TOKEN_BUCKET : AdmitPlan.Counter.Kind.SLIDING_WINDOW;
    }

    /** The request's own cap, else the model's, else the configured default; embeddings produce none. */
    private static long outputCap(AdmissionRequest request, @Nullable ModelPrice worst, PriceBook prices) {
        if (request.route().endsWith("/embeddings")) {
            return 0;
        }
        if (request.maxOutputTokens() != null) {
            return Math.max(0, request.maxOutputTokens());
        }
        if (worst != null && worst.maxOutputTokens() != null) {
            return worst.maxOutputTokens();
        }
        return prices.defaultMaxOutputTokens();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
