package dev.ditto.ops.metrics;

import dev.ditto.control.limits.AdmissionStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters of the admission engine (limits, budgets, reservations), read from its counts at
 * each scrape, so the request path pays nothing for them: admitted requests, requests decided by
 * the store-failure policy, settlements the store did not record, the
 * reservations this replica holds now and what reaps released. Refusals are counted apart, by
 * reason, in {@code ditto_admission_rejections_total} (fed by the HTTP edge, which knows the
 * reason it answered).
 */
final class AdmissionMeters {

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionMeters.class);

    private AdmissionMeters() {}

    static void register(MeterRegistry registry, Supplier<AdmissionStats> stats) {
        counter(registry, MetricNames.ADMISSION_ADMITTED, "Requests admitted against the limits store", stats,
                AdmissionStats::admitted);
        FunctionCounter.builder(MetricNames.ADMISSION_STORE_UNAVAILABLE, stats, s -> read(s, AdmissionStats::failedOpen))
                .description("Requests the limits store could not check, by the policy that decided them: fail_open "
                        + "passed them unchecked, fail_closed refused them with 503")
                .tag(MetricNames.POLICY, "fail_open").register(registry);
        FunctionCounter.builder(MetricNames.ADMISSION_STORE_UNAVAILABLE, stats, s -> read(s, AdmissionStats::failedClosed))
                .description("Requests the limits store could not check, by the policy that decided them: fail_open "
                        + "passed them unchecked, fail_closed refused them with 503")
                .tag(MetricNames.POLICY, "fail_closed").register(registry);
        counter(registry, MetricNames.SETTLE_FAILURES, "Settlements the limits store did not record (their "
                + "reservations stay held until reaped)", stats, AdmissionStats::settleFailures);
        counter(registry, MetricNames.RESERVATIONS_REAPED, "Stale reservations released by reaps run on this node",
                stats, AdmissionStats::reaped);
        counter(registry, MetricNames.RESERVATIONS_REAPED_USD, "USD released by reaps run on this node", stats,
                s -> s.reapedUsd().doubleValue());
        Gauge.builder(MetricNames.RESERVATIONS_OPEN, stats, s -> read(s, AdmissionStats::openReservations))
                .description("Reservations held now by this node's requests in flight").strongReference(true)
                .register(registry);
        Gauge.builder(MetricNames.RESERVATIONS_RESERVED, stats, s -> read(s, a -> a.reservedUsd().doubleValue()))
                .description("Worst-case USD reserved now by this node's requests in flight, summed over their "
                        + "budgets").strongReference(true).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description,
            Supplier<AdmissionStats> stats, ToDoubleFunction<AdmissionStats> value) {
        FunctionCounter.builder(name, stats, s -> read(s, value)).description(description).register(registry);
    }

    /** A scrape must not fail because the engine did: the value is then unknown. */
    private static double read(Supplier<AdmissionStats> stats, ToDoubleFunction<AdmissionStats> value) {
        try {
            return value.applyAsDouble(stats.get());
        } catch (RuntimeException e) {
            LOG.warn("event=metrics_failed hook=admission error=\"{}\"", e.toString());
            return Double.NaN;
        }
    }
}
