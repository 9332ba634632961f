package dev.ditto.control.limits;

import dev.ditto.control.AdmissionDeniedException;
import dev.ditto.control.pricing.NanoDollars;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The refusals admission answers, with the status, code and message clients see. Budget
 * refusals follow LiteLLM's ({@code 429}, {@code budget_exceeded}, "Budget has been exceeded!
 * Current cost: ..., Max budget: ..."), so clients written against LiteLLM recognise them.
 */
final class Refusals {

    /** The code of a refusal by an rpm, tpm or parallel limit, as OpenAI names it. */
    static final String RATE_LIMIT_EXCEEDED = "rate_limit_exceeded";
    /** The code of a refusal by a budget, as LiteLLM names it. */
    static final String BUDGET_EXCEEDED = "budget_exceeded";
    /** The code of a refusal because the store is unreachable and the policy is fail-closed. */
    static final String LIMITS_UNAVAILABLE = "limits_unavailable";
    /** The code of a refusal because a budget applies and the model has no price. */
    static final String MODEL_NOT_PRICED = "model_not_priced";
    /** The wait suggested when a parallel slot is all that is missing. */
    static final Duration PARALLEL_RETRY = Duration.ofSeconds(1);

    private Refusals() {}

    static AdmissionDeniedException rateLimited(Plan plan, AdmitResult result, boolean anthropic, long nowMillis) {
        int index = result.deniedCounter();
        Plan.CounterSource source = plan.counters().get(index);
        AdmitPlan.Counter counter = plan.store().counters().get(index);
        Map<String, String> headers = RateLimitHeaders.of(plan, result, anthropic, nowMillis);
        String who = source.scope().kind().wireName() + " " + source.scope().id();
        if (source.limit().metric() == RateLimit.Metric.PARALLEL) {
            return new AdmissionDeniedException(429, RATE_LIMIT_EXCEEDED, "Max parallel requests reached for " + who
                    + ": " + source.limit().describe() + ". Try again when a request in flight finishes.",
                    PARALLEL_RETRY, headers);
        }
        if (result.retryAfterMillis() < 0 && source.limit().metric() == RateLimit.Metric.REQUESTS) {
            return new AdmissionDeniedException(429, RATE_LIMIT_EXCEEDED, "The " + who + " may make no requests: "
                    + source.limit().describe() + ".", null, headers);
        }
        if (result.retryAfterMillis() < 0) {
            return new AdmissionDeniedException(429, RATE_LIMIT_EXCEEDED, "This request needs an estimated "
                    + counter.amount() + " tokens, more than " + who + " may use: " + source.limit().describe()
                    + ". Send a shorter prompt or a lower max_tokens.", null, headers);
        }
        Duration retry = Duration.ofMillis(result.retryAfterMillis());
        return new AdmissionDeniedException(429, RATE_LIMIT_EXCEEDED, "Rate limit reached for " + who + ": "
                + source.limit().describe() + ". Try again in " + RateLimitHeaders.goDuration(retry.toMillis()) + ".",
                retry, headers);
    }

    static AdmissionDeniedException overBudget(Plan plan, AdmitResult result, long nowMillis) {
        int index = result.deniedHold();
        Plan.HoldSource source = plan.holds().get(index);
        LedgerBalance balance = result.holds().get(index);
        AdmitPlan.Hold hold = plan.store().holds().get(index);
        StringBuilder message = new StringBuilder("Budget has been exceeded! Current cost: ")
                .append(usd(balance.spentNanos())).append(", Max budget: ").append(source.budget().maxUsd().toPlainString())
                .append(" (").append(source.scope().kind().wireName()).append(' ').append(source.scope().id());
        if (balance.reservedNanos() > 0) {
            message.append("; ").append(usd(balance.reservedNanos())).append(" reserved by requests in flight");
        }
        message.append("; this request may cost up to ").append(usd(hold.amountNanos())).append(')');
        Duration retry = null;
        if (source.window().end() != null) {
            message.append(". The budget resets at ").append(source.window().end()).append('.');
            retry = Duration.ofMillis(Math.max(1000, source.window().end().toEpochMilli() - nowMillis));
        } else {
            message.append('.');
        }
        return new AdmissionDeniedException(429, BUDGET_EXCEEDED, message.toString(), retry, Map.of());
    }

    static AdmissionDeniedException unpriced(@Nullable String model) {
        return new AdmissionDeniedException(403, MODEL_NOT_PRICED, "The model '" + model + "' has no price, and a "
                + "budget applies to this key: this gateway refuses unpriced models under a budget "
                + "(ditto.pricing.unpriced: deny). Ask an operator to set model_info.input_cost_per_token and "
                + "output_cost_per_token for it.", null, Map.of());
    }

    static AdmissionDeniedException unavailable() {
        return new AdmissionDeniedException(503, LIMITS_UNAVAILABLE, "Rate limits and budgets cannot be checked right "
                + "now (the limits store is unreachable), so the request was not sent. Try again shortly.",
                Duration.ofSeconds(1), Map.of());
    }

    private static String usd(long nanos) {
        BigDecimal usd = NanoDollars.toUsd(nanos);
        return usd.toPlainString();
    }
}
