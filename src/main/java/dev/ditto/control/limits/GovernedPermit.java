package dev.ditto.control.limits;

import dev.ditto.control.Outcome;
import dev.ditto.control.Permit;
import dev.ditto.control.pricing.ModelPrice;
import dev.ditto.control.pricing.PriceBook;
import dev.ditto.control.pricing.NanoDollars;
import dev.ditto.sdk.Usage;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The permit of a governed request: prices what it used and, when a plan was admitted against
 * the store, commits that cost and the real tokens and releases the rest of the reservation.
 * Settles once; a second call returns the first answer.
 *
 * <p>What is charged: the reported usage at the serving deployment's price; when the upstream
 * answered but reported no usage, the estimated prompt tokens at the input price (the prompt was
 * processed); when no upstream answered, nothing.
 */
final class GovernedPermit implements Permit {

    private static final System.Logger LOG = System.getLogger(GovernedPermit.class.getName());

    private final GovernedAdmission engine;
    private final PriceBook prices;
    private final @Nullable Plan plan;
    private final @Nullable AdmitResult admitted;
    private final boolean anthropic;
    private final String requestId;
    private final long estimatedInputTokens;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile @Nullable BigDecimal charged;

    /** A permit that took nothing from the store: nothing limits the request, or the store was skipped. */
    GovernedPermit(GovernedAdmission engine, PriceBook prices, String requestId, long estimatedInputTokens) {
        this(engine, prices, null, null, false, requestId, estimatedInputTokens);
    }

    /** A permit whose plan the store admitted, with the counters as the admission found them. */
    GovernedPermit(GovernedAdmission engine, PriceBook prices, @Nullable Plan plan, @Nullable AdmitResult admitted,
            boolean anthropic, String requestId, long estimatedInputTokens) {
        this.engine = engine;
        this.prices = prices;
        this.plan = plan;
        this.admitted = admitted;
        this.anthropic = anthropic;
        this.requestId = requestId;
        this.estimatedInputTokens = estimatedInputTokens;
    }

    @Override
    public Map<String, String> headers() {
        Plan counted = plan;
        AdmitResult result = admitted;
        return counted == null || result == null ? Map.of()
                : RateLimitHeaders.admitted(counted, result, anthropic, counted.store().nowMillis());
    }

    @Override
    public @Nullable BigDecimal settle(Outcome outcome) {
        if (!settled.compareAndSet(false, true)) {
            return charged;
        }
        Optional<ModelPrice> price = outcome.deploymentId() == null ? Optional.of(ModelPrice.free())
                : prices.deployment(outcome.deploymentId());
        Usage usage = outcome.usage();
        long tokens;
        BigDecimal cost;
        if (usage.input().total() != null || usage.output().total() != null) {
            tokens = orZero(usage.input().total()) + orZero(usage.output().total());
            cost = price.map(p -> p.cost(usage)).orElse(null);
        } else if (outcome.deploymentId() != null && answered(outcome.status())) {
            tokens = estimatedInputTokens;
            cost = price.map(p -> p.inputCost(estimatedInputTokens)).orElse(null);
        } else {
            tokens = 0;
            cost = BigDecimal.ZERO;
        }
        if (cost == null) {
            LOG.log(System.Logger.Level.WARNING, () -> "event=cost_unknown request_id=" + requestId + " deployment="
                    + outcome.deploymentId() + " (the deployment has no price; nothing was charged)");
        }
        long nanos = cost == null ? 0 : NanoDollars.ceil(cost);
        Plan admitted = plan;
        if (admitted != null) {
            engine.settle(admitted, requestId, tokens, nanos);
        }
        BigDecimal result = cost == null ? null : NanoDollars.toUsd(nanos);
        charged = result;
        return result;
    }

    private static boolean answered(Outcome.Status status) {
        return status == Outcome.Status.OK || status == Outcome.Status.STREAM_ERROR
                || status == Outcome.Status.CLIENT_GONE;
    }

    private static long orZero(@Nullable Long value) {
        return value == null ? 0 : value;
    }
}
