package dev.ditto.control.limits;

import dev.ditto.control.Admission;
import dev.ditto.control.AdmissionDeniedException;
import dev.ditto.control.AdmissionRequest;
import dev.ditto.control.Caller;
import dev.ditto.control.Permit;
import dev.ditto.control.Scope;
import dev.ditto.control.pricing.ModelPrice;
import dev.ditto.control.pricing.NanoDollars;
import dev.ditto.control.pricing.PriceBook;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Admission under rate limits and budgets: resolves the caller's quotas, then in one atomic
 * store operation checks every rpm, tpm and parallel limit and reserves the request's
 * worst-case cost against every budget of the caller, or refuses it (429 with
 * {@code Retry-After} and {@code x-ratelimit-*} headers; 429 {@code budget_exceeded}). The
 * permit's settlement commits the actual cost and tokens and releases the rest.
 *
 * <p>The worst case is the prompt estimate at the dearest input price plus the output cap (the
 * request's {@code max_tokens}, else the model's own cap, else the configured default) at the
 * dearest output price, over every deployment the model group may reach. When the store cannot
 * answer, the {@link FailurePolicy} decides; either way it is logged when it starts and stops,
 * and counted in {@link #stats()}. Thread-safe.
 *
 * <pre>{@code
 * Admission admission = GovernedAdmission.builder(resolver, store, priceBook)
 *         .clock(clock).replicaId(nodeId).failurePolicy(FailurePolicy.FAIL_CLOSED).build();
 * Permit permit = admission.admit(request);      // throws AdmissionDeniedException when refused
 * BigDecimal cost = permit.settle(outcome);       // exactly once
 * }</pre>
 */
public final class GovernedAdmission implements Admission {

    /** How long a budget ledger outlives its period, so requests in flight at the reset settle into it. */
    public static final Duration DEFAULT_LEDGER_GRACE = Duration.ofDays(1);

    private static final System.Logger LOG = System.getLogger(GovernedAdmission.class.getName());

    private final QuotaResolver resolver;
    private final QuotaStore store;
    private volatile PriceBook prices;
    private final Clock clock;
    private final String replicaId;
    private final FailurePolicy failurePolicy;
    private final BudgetAlerts alerts;
    private final Duration ledgerGrace;
    private final AtomicBoolean storeDown = new AtomicBoolean();
    private final LongAdder admitted = new LongAdder();
    private final LongAdder deniedByRateLimit = new LongAdder();
    private final LongAdder deniedByBudget = new LongAdder();
    private final LongAdder deniedUnpriced = new LongAdder();
    private final LongAdder storeUnavailable = new LongAdder();
    private final LongAdder failedOpen = new LongAdder();
    private final LongAdder failedClosed = new LongAdder();
    private final LongAdder settleFailures = new LongAdder();
    private final LongAdder softBudgetAlerts = new LongAdder();
    private final LongAdder openReservations = new LongAdder();
    private final LongAdder reservedNanos = new LongAdder();
    private final LongAdder reaped = new LongAdder();
    private final LongAdder reapedNanos = new LongAdder();

    private GovernedAdmission(Builder builder) {
        this.resolver = builder.resolver;
        this.store = builder.store;
        this.prices = builder.prices;
        this.clock = builder.clock;
        this.replicaId = builder.replicaId;
        this.failurePolicy = builder.failurePolicy;
        this.alerts = builder.alerts;
        this.ledgerGrace = builder.ledgerGrace;
    }

    /**
     * Returns a builder.
     *
     * @param resolver what applies to each request
     * @param store where counters and ledgers live
     * @param prices what models cost
     * @return a new builder: system UTC clock, replica id {@code local}, fail-closed, logging alerts
     */
    public static Builder builder(QuotaResolver resolver, QuotaStore store, PriceBook prices) {
        return new Builder(resolver, store, prices);
    }

    @Override
    public Permit admit(AdmissionRequest request) {
        List<Quota> quotas;
        try {
            quotas = resolver.resolve(request);
        } catch (QuotaStoreUnavailableException e) {
            // The stored quotas could not be read: the same policy as a store that cannot count.
            return unavailable(e, request.requestId(), Math.max(0, request.estimatedInputTokens()));
        }
        PriceBook prices = this.prices;
        Optional<ModelPrice> worst = prices.worstCase(request.model());
        if (worst.isEmpty() && quotas.stream().anyMatch(quota -> quota.budget() != null)) {
            deniedUnpriced.increment();
            throw Refusals.unpriced(request.model());
        }
        if (quotas.isEmpty()) {
            return new GovernedPermit(this, prices, request.requestId(), Math.max(0, request.estimatedInputTokens()));
        }
        long now = clock.millis();
        Plan plan = Plan.of(request, quotas, worst.orElse(null), prices, replicaId, now, ledgerGrace);
        AdmitResult result;
        try {
            result = store.admit(plan.store());
            storeAnswered();
        } catch (QuotaStoreUnavailableException e) {
            return unavailable(e, request.requestId(), plan.estimatedInputTokens());
        }
        if (result.admitted()) {
            admitted.increment();
            openReservations.increment();
            reservedNanos.add(plan.store().heldNanos());
            return new GovernedPermit(this, prices, plan, result, anthropic(request), request.requestId(),
                    plan.estimatedInputTokens());
        }
        throw refusal(plan, result, request, now);
    }

    /** Whether the request came on Anthropic's route, whose answers carry Anthropic's rate-limit headers too. */
    private static boolean anthropic(AdmissionRequest request) {
        return request.route().startsWith("/v1/messages");
    }

    /** Applies the failure policy: an unchecked permit (fail open), or a 503 refusal (fail closed). */
    private Permit unavailable(QuotaStoreUnavailableException e, String requestId, long estimatedInputTokens) {
        storeFailed(e);
        if (failurePolicy == FailurePolicy.FAIL_OPEN) {
            failedOpen.increment();
            return new GovernedPermit(this, prices, requestId, estimatedInputTokens);
        }
        failedClosed.increment();
        throw Refusals.unavailable();
    }

    private AdmissionDeniedException refusal(Plan plan, AdmitResult result, AdmissionRequest request, long now) {
        if (result.deniedCounter() >= 0) {
            deniedByRateLimit.increment();
            return Refusals.rateLimited(plan, result, anthropic(request), now);
        }
        deniedByBudget.increment();
        return Refusals.overBudget(plan, result, now);
    }

    /**
     * Releases reservations older than a cut-off: those of requests that never settled because
     * their replica crashed or lost the store. Their estimated tokens stay counted; nothing is
     * charged.
     *
     * @param olderThan how old a reservation must be, by its creation time
     * @param dryRun whether to only report what would be released
     * @param limit the most reservations to handle in one call
     * @return what was (or would be) released
     * @throws QuotaStoreUnavailableException if the store cannot answer
     * @throws IllegalArgumentException if {@code limit} is below 1 or {@code olderThan} negative
     */
    public ReapReport reap(Duration olderThan, boolean dryRun, int limit) {
        if (limit < 1 || olderThan.isNegative()) {
            throw new IllegalArgumentException("reap needs limit >= 1 and olderThan >= 0, got limit=" + limit
                    + " olderThan=" + olderThan);
        }
        long now = clock.millis();
        List<AdmitPlan> plans = store.reap(now - olderThan.toMillis(), dryRun, limit, now);
        long nanos = 0;
        long tokens = 0;
        long slots = 0;
        List<ReapReport.Reaped> details = new ArrayList<>(plans.size());
        for (AdmitPlan plan : plans) {
            nanos += plan.heldNanos();
            tokens += plan.heldTokens();
            slots += plan.slots();
            AdmitPlan.Reservation r = plan.reservation();
            details.add(new ReapReport.Reaped(r.id(), r.requestId(), r.replicaId(), Instant.ofEpochMilli(r.createdAtMillis()),
                    r.scopes(), NanoDollars.toUsd(plan.heldNanos()), plan.slots()));
        }
        ReapReport report = new ReapReport(dryRun, plans.size(), NanoDollars.toUsd(nanos), tokens, slots, details);
        if (!dryRun) {
            reaped.add(plans.size());
            reapedNanos.add(nanos);
        }
        // A scheduled reaper finding nothing every minute is not news.
        LOG.log(plans.isEmpty() && !dryRun ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
                () -> "event=reservations_reaped dry_run=" + dryRun + " count=" + report.reservations() + " usd="
                        + report.usd().toPlainString() + " tokens=" + report.tokens() + " slots=" + report.slots()
                        + " older_than_s=" + olderThan.toSeconds());
        return report;
    }

    /**
     * Reads a scope's budget ledger for the period that contains now.
     *
     * @param caller a caller of the scope (its tenant locates the ledger)
     * @param scope the scope
     * @param budget the scope's budget (its period locates the ledger)
     * @return spent and reserved USD
     * @throws QuotaStoreUnavailableException if the store cannot answer
     */
    public BudgetBalance balance(Caller caller, Scope scope, BudgetLimit budget) {
        long now = clock.millis();
        BudgetPeriod.Window window = budget.period().window(Instant.ofEpochMilli(now));
        LedgerBalance balance = store.balance(QuotaKeys.partition(caller), QuotaKeys.ledger(scope, window), now);
        return new BudgetBalance(NanoDollars.toUsd(balance.spentNanos()), NanoDollars.toUsd(balance.reservedNanos()));
    }

    /**
     * A budget's balance in USD.
     *
     * @param spent committed spend in the period
     * @param reserved held by requests in flight
     */
    public record BudgetBalance(BigDecimal spent, BigDecimal reserved) {}

    /**
     * Makes a change to a scope's stored limits or budgets apply to the next request on this
     * replica, instead of when its cached quotas expire. Called through
     * {@link dev.ditto.control.Invalidations} after an admin write commits, on every replica.
     *
     * @param scope the scope whose limits or budgets changed
     */
    public void quotasChanged(Scope scope) {
        resolver.invalidate(scope);
    }

    /**
     * Makes the next request on this replica read every scope's stored limits and budgets again:
     * called when changes may have been missed (the invalidation channel reconnected).
     */
    public void allQuotasChanged() {
        resolver.invalidateAll();
    }

    /**
     * Returns what the engine decided since it started.
     *
     * @return the counts, point in time
     */
    public AdmissionStats stats() {
        return new AdmissionStats(admitted.sum(), deniedByRateLimit.sum(), deniedByBudget.sum(), deniedUnpriced.sum(),
                storeUnavailable.sum(), failedOpen.sum(), failedClosed.sum(), settleFailures.sum(),
                softBudgetAlerts.sum(), openReservations.sum(), NanoDollars.toUsd(Math.max(0, reservedNanos.sum())),
                reaped.sum(), NanoDollars.toUsd(reapedNanos.sum()));
    }

    /**
     * Replaces the prices, after a configuration reload changed the deployments or their costs.
     * Requests admitted before keep the prices they were admitted with, so each is reserved and
     * settled at one set of prices; one admitted in the instant between this and the routes'
     * swap, on a deployment the reload removed, is still priced ({@link PriceBook#succeeding}).
     *
     * @param next the reloaded configuration's prices
     */
    public void reprice(PriceBook next) {
        this.prices = Objects.requireNonNull(next, "next").succeeding(prices);
    }

    Clock clock() {
        return clock;
    }

    /** Settles a plan in the store; a store failure is logged and counted, and the reaper releases it later. */
    void settle(Plan plan, String requestId, long tokens, long costNanos) {
        // This replica no longer waits on the reservation, whether the store records the settlement or not.
        openReservations.decrement();
        reservedNanos.add(-plan.store().heldNanos());
        SettleResult result;
        try {
            result = store.settle(plan.store(), tokens, costNanos, clock.millis());
            storeAnswered();
        } catch (QuotaStoreUnavailableException e) {
            storeFailed(e);
            settleFailures.increment();
            LOG.log(System.Logger.Level.WARNING, () -> "event=settle_not_recorded request_id=" + requestId
                    + " reservation_id=" + plan.store().reservation().id() + " error=\"" + e.getMessage()
                    + "\" (the reservation stays held until reaped)");
            return;
        }
        if (costNanos > 0) {
            alertSoftBudgets(plan, result, requestId, costNanos);
        }
    }

    private void alertSoftBudgets(Plan plan, SettleResult result, String requestId, long costNanos) {
        for (int i = 0; i < plan.holds().size() && i < result.holds().size(); i++) {
            Plan.HoldSource source = plan.holds().get(i);
            BigDecimal soft = source.budget().softUsd();
            if (soft == null) {
                continue;
            }
            long threshold = NanoDollars.ceil(soft);
            long after = result.holds().get(i).spentNanos();
            if (after >= threshold && after - costNanos < threshold) {
                softBudgetAlerts.increment();
                try {
                    alerts.softBudgetReached(new BudgetAlert(source.scope(), source.budget(), NanoDollars.toUsd(after),
                            source.window().start(), source.window().end(), requestId));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "event=budget_alert_failed error=\"" + e + "\"", e);
                }
            }
        }
    }

    private void storeFailed(QuotaStoreUnavailableException e) {
        storeUnavailable.increment();
        if (storeDown.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, () -> "event=limits_store_unavailable policy="
                    + failurePolicy.name().toLowerCase(java.util.Locale.ROOT) + " error=\"" + e.getMessage() + "\" ("
                    + (failurePolicy == FailurePolicy.FAIL_OPEN ? "requests pass unchecked" : "requests get 503")
                    + " until it answers again)");
        }
    }

    private void storeAnswered() {
        if (storeDown.get() && storeDown.compareAndSet(true, false)) {
            LOG.log(System.Logger.Level.INFO, "event=limits_store_recovered");
        }
    }

    /** Collects the engine's collaborators and policies. Not thread-safe. */
    public static final class Builder {

        private final QuotaResolver resolver;
        private final QuotaStore store;
        private final PriceBook prices;
        private Clock clock = Clock.systemUTC();
        private String replicaId = "local";
        private FailurePolicy failurePolicy = FailurePolicy.FAIL_CLOSED;
        private BudgetAlerts alerts = BudgetAlerts.logging();
        private Duration ledgerGrace = DEFAULT_LEDGER_GRACE;

        private Builder(QuotaResolver resolver, QuotaStore store, PriceBook prices) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            this.store = Objects.requireNonNull(store, "store");
            this.prices = Objects.requireNonNull(prices, "prices");
        }

        /**
         * Sets the wall clock that windows, periods and reservation times are read from.
         *
         * @param clock the clock; replicas sharing a store should be NTP-synchronised
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets this node's id, recorded in every reservation.
         *
         * @param replicaId the id
         * @return this builder
         */
        public Builder replicaId(String replicaId) {
            this.replicaId = Objects.requireNonNull(replicaId, "replicaId");
            return this;
        }

        /**
         * Sets what happens when the store cannot answer.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder failurePolicy(FailurePolicy policy) {
            this.failurePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets who receives soft-budget alerts.
         *
         * @param alerts the receiver
         * @return this builder
         */
        public Builder alerts(BudgetAlerts alerts) {
            this.alerts = Objects.requireNonNull(alerts, "alerts");
            return this;
        }

        /**
         * Sets how long a budget ledger outlives its period.
         *
         * @param grace the grace, not negative
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder ledgerGrace(Duration grace) {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("ledger grace must not be negative but was " + grace);
            }
            this.ledgerGrace = grace;
            return this;
        }

        /**
         * Builds the engine.
         *
         * @return the engine
         */
        public GovernedAdmission build() {
            return new GovernedAdmission(this);
        }
    }
}
