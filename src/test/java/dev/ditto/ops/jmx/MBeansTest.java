package dev.ditto.ops.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Registration through {@link MBeans}: names, a name that is taken, and unregistration. */
class MBeansTest {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    private static GatewayBean bean(String nodeId) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        return new GatewayBean("1.0", nodeId, start, "test", () -> 1, who -> {
            throw new AssertionError("not reloaded here");
        }, Clock.fixed(start.plusSeconds(90), ZoneOffset.UTC));
    }

    @Test
    void namesBeansByTypeAndDeploymentAndQuotesNamesThatNeedIt() throws Exception {
        assertThat(new MBeans(server, "ditto").objectName("Gateway"))
                .isEqualTo(new ObjectName("dev.ditto:type=Gateway,name=ditto"));
        assertThat(new MBeans(server, "a,b").objectName("Gateway").getKeyProperty("name")).isEqualTo("\"a,b\"");
    }

    @Test
    void aNameThatIsTakenIsAWarningNotAFailure() throws Exception {
        try (MBeans first = new MBeans(server, "mbeans-test-clash");
                MBeans second = new MBeans(server, "mbeans-test-clash")) {
            assertThat(first.register("Gateway", bean("first"))).isPresent();

            assertThat(second.register("Gateway", bean("second"))).isEmpty();

            ObjectName name = first.objectName("Gateway");
            assertThat(server.getAttribute(name, "NodeId")).isEqualTo("first");
            assertThat(server.getAttribute(name, "UptimeSeconds")).isEqualTo(90L);
            second.close();
            assertThat(server.isRegistered(name)).as("the second helper must not unregister what it did not register")
                    .isTrue();
            first.close();
            assertThat(server.isRegistered(name)).isFalse();
        }
    }

    @Test
    void anObjectThatIsNoMBeanIsAWarningNotAFailure() {
        try (MBeans mbeans = new MBeans(server, "mbeans-test-invalid")) {
            assertThat(mbeans.register("Nothing", new Object())).isEmpty();
        }
    }
}
