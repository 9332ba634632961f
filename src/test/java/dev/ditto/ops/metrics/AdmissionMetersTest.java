package dev.ditto.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.config.DittoSettings.MetricsSettings;
import dev.ditto.control.Scope;
import dev.ditto.control.limits.AdmissionStats;
import dev.ditto.control.limits.BudgetAlert;
import dev.ditto.control.limits.BudgetAlerts;
import dev.ditto.control.limits.BudgetLimit;
import dev.ditto.control.limits.BudgetPeriod;
import dev.ditto.testing.PrometheusText;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The admission engine's counts on /metrics, under their Prometheus names, read at each scrape
 * from a source nothing else keeps: Micrometer holds a function counter's source weakly, so the
 * metrics must keep it, or the counters turn to NaN at the first garbage collection.
 */
class AdmissionMetersTest {

    @Test
    void everyCountIsExposedAndSurvivesGarbageCollection() throws Exception {
        try (GatewayMetrics metrics = GatewayMetrics.create(MetricsSettings.ofDefaults(), List.of(), "test")) {
            metrics.watchAdmission(() -> new AdmissionStats(7, 1, 2, 3, 9, 4, 5, 6, 8, 2, new BigDecimal("0.25"), 3,
                    new BigDecimal("0.5")));
            for (int i = 0; i < 3; i++) {
                System.gc();
            }

            PrometheusText text = scrape(metrics);

            assertThat(text.value("ditto_admission_admitted_total", Map.of())).hasValue(7.0);
            assertThat(text.value("ditto_admission_store_unavailable_total", Map.of("policy", "fail_open"))).hasValue(4.0);
            assertThat(text.value("ditto_admission_store_unavailable_total", Map.of("policy", "fail_closed")))
                    .hasValue(5.0);
            assertThat(text.value("ditto_reservations_settle_failures_total", Map.of())).hasValue(6.0);
            assertThat(text.value("ditto_reservations_open", Map.of())).hasValue(2.0);
            assertThat(text.value("ditto_reservations_reserved_usd", Map.of())).hasValue(0.25);
            assertThat(text.value("ditto_reservations_reaped_total", Map.of())).hasValue(3.0);
            assertThat(text.value("ditto_reservations_reaped_usd_total", Map.of())).hasValue(0.5);
        }
    }

    @Test
    void softBudgetCrossingsAreCountedByScopeKindFromZeroAndHandedOn() throws Exception {
        try (GatewayMetrics metrics = GatewayMetrics.create(MetricsSettings.ofDefaults(), List.of(), "test")) {
            List<BudgetAlert> handedOn = new ArrayList<>();
            BudgetAlerts alerts = metrics.budgetAlerts(handedOn::add);
            BudgetLimit budget = new BudgetLimit(BigDecimal.TEN, BudgetPeriod.monthly(), BigDecimal.ONE);
            for (int i = 0; i < 2; i++) {
                alerts.softBudgetReached(new BudgetAlert(new Scope(Scope.Kind.PROJECT, "p" + i), budget,
                        new BigDecimal("1.5"), Instant.EPOCH, null, "req-" + i));
            }
            alerts.softBudgetReached(new BudgetAlert(new Scope(Scope.Kind.KEY, "k"), budget, BigDecimal.TEN,
                    Instant.EPOCH, null, "req-k"));

            PrometheusText text = scrape(metrics);

            assertThat(text.value("ditto_budget_soft_alerts_total", Map.of("scope", "project"))).hasValue(2.0);
            assertThat(text.value("ditto_budget_soft_alerts_total", Map.of("scope", "key"))).hasValue(1.0);
            assertThat(text.value("ditto_budget_soft_alerts_total", Map.of("scope", "tenant"))).hasValue(0.0);
            assertThat(text.value("ditto_budget_soft_alerts_total", Map.of("scope", "user"))).hasValue(0.0);
            assertThat(handedOn).extracting(BudgetAlert::requestId).containsExactly("req-0", "req-1", "req-k");
        }
    }

    private static PrometheusText scrape(GatewayMetrics metrics) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.exposition().writeTo(out);
        return PrometheusText.parse(out.toString(StandardCharsets.UTF_8));
    }
}
