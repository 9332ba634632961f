package dev.ditto.ops.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ditto.control.AdmissionRequest;
import dev.ditto.control.Caller;
import dev.ditto.control.audit.SecurityEvent;
import dev.ditto.control.limits.BudgetLimit;
import dev.ditto.control.limits.BudgetPeriod;
import dev.ditto.control.limits.GovernedAdmission;
import dev.ditto.control.limits.Quota;
import dev.ditto.control.limits.RateLimit;
import dev.ditto.control.Scope;
import dev.ditto.control.pricing.ModelPrice;
import dev.ditto.control.pricing.PriceBook;
import dev.ditto.store.memory.InMemoryQuotaStore;
import dev.ditto.testing.FakeClock;
import dev.ditto.testing.RecordingAuditLog;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/** The reap operation over JMX, through an MBean server as a console calls it, and its audit records. */
class ReservationsBeanTest {

    private static final Caller CALLER = new Caller("key_a", null, null, null, "ten_a", Set.of(), Set.of(), Map.of());

    private final FakeClock clock = FakeClock.ofDefaults();
    private final RecordingAuditLog audit = new RecordingAuditLog();
    private final GovernedAdmission engine = GovernedAdmission.builder(
            request -> List.of(new Quota(new Scope(Scope.Kind.KEY, "key_a"), List.of(RateLimit.parallel(5)),
                    BudgetLimit.of(BigDecimal.TEN, BudgetPeriod.lifetime()))),
            new InMemoryQuotaStore(100),
            PriceBook.builder().deployment("d", "gpt", ModelPrice.perMillion("10", "10")).build()).clock(clock).build();

    @Test
    void aConsoleListsThenReleasesStaleReservations() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        ObjectName name = new ObjectName("dev.ditto:type=Reservations,name=test");
        server.registerMBean(new ReservationsBean(engine, audit), name);
        engine.admit(new AdmissionRequest("stuck-1", CALLER, "/v1/chat/completions", "gpt", 100, 100L, false));
        engine.admit(new AdmissionRequest("stuck-2", CALLER, "/v1/chat/completions", "gpt", 100, 100L, false));
        clock.advance(Duration.ofMinutes(10));

        CompositeData dryRun = (CompositeData) server.invoke(name, "reap", new Object[] {300L, true, 100},
                new String[] {"long", "boolean", "int"});
        ReapView released = JMX.newMXBeanProxy(server, name, ReservationsMXBean.class).reap(300, false, 100);

        assertThat(dryRun.get("count")).isEqualTo(2);
        assertThat(dryRun.get("slots")).isEqualTo(2L);
        assertThat((String[]) dryRun.get("requestIds")).containsExactly("stuck-1", "stuck-2");
        assertThat((BigDecimal) dryRun.get("usd")).isEqualByComparingTo("0.004");
        assertThat(released.isDryRun()).isFalse();
        assertThat(released.getCount()).isEqualTo(2);
        assertThat(engine.reap(Duration.ZERO, true, 10).reservations()).isZero();
        // Both calls are audited, the dry run too, as JMX's.
        assertThat(audit.events(SecurityEvent.REAPER_RUN)).hasSize(2).allSatisfy(event -> {
            assertThat(event.actor()).isEqualTo("jmx");
            assertThat(event.details()).containsEntry("trigger", "jmx").containsEntry("reservations", "2")
                    .containsEntry("older_than_s", "300");
        });
        assertThat(audit.events().get(0).details()).containsEntry("dry_run", "true");
        assertThat(audit.events().get(1).details()).containsEntry("dry_run", "false").containsEntry("usd", "0.004");
        assertThatThrownBy(() -> new ReservationsBean(engine, audit).reap(-1, true, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
