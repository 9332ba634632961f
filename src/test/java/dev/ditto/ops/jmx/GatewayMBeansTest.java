package dev.ditto.ops.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's MBeans in the platform MBean server while a gateway runs over real HTTP: their
 * values, the deployments' reset operation, and that they are gone once the gateway stops.
 */
class GatewayMBeansTest {

    private static final String MASTER_KEY = "sk-master-jmx";

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private FakeUpstream upstream;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start("""
                model_list:
                  - model_name: flaky
                    litellm_params: {model: openai/gpt-4.1-nano, api_base: "%s/flaky/v1", api_key: sk-f}
                    model_info: {id: flaky-1}
                  - model_name: ditto/echo
                    litellm_params: {model: ditto/echo}
                router_settings: {num_retries: 0, cooldown_time: 600}
                general_settings: {master_key: %s}
                """.formatted(upstream.baseUri(), MASTER_KEY));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        upstream.close();
    }

    private ObjectName name(String type) throws Exception {
        return new ObjectName(MBeans.DOMAIN + ":type=" + type + ",name=" + gateway.gateway().node().id());
    }

    private void chat(String model) throws Exception {
        String requestId = UUID.randomUUID().toString();
        gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + MASTER_KEY)
                .header("x-request-id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build());
        gateway.awaitRecord(requestId);
    }

    @Test
    void theGatewayBeanDescribesTheNode() throws Exception {
        GatewayMXBean bean = JMX.newMXBeanProxy(server, name("Gateway"), GatewayMXBean.class);

        assertThat(bean.getNodeId()).isEqualTo(gateway.gateway().node().id());
        assertThat(bean.getVersion()).isEqualTo(gateway.gateway().node().version());
        assertThat(bean.getStartedAt()).isEqualTo(gateway.gateway().node().startedAt().toString());
        assertThat(bean.getConfigSource()).isEqualTo("test");
        assertThat(bean.getModelCount()).isEqualTo(2);
        assertThat(bean.getUptimeSeconds()).isNotNegative();
        assertThat(bean.reloadConfig()).as("the same document again changes nothing")
                .isEqualTo("Unchanged from test: 2 models, 2 deployments (added 0, removed 0, changed 0)");
    }

    @Test
    void deploymentsShowTheirCooldownAndResetClearsIt() throws Exception {
        upstream.on("POST", "/flaky/v1/chat/completions").defaultReply(Reply.json(429,
                "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\"}}"));
        DeploymentsMXBean bean = JMX.newMXBeanProxy(server, name("Deployments"), DeploymentsMXBean.class);
        assertThat(bean.getCoolingDown()).isEmpty();

        chat("flaky");

        assertThat(bean.getCoolingDown()).containsExactly("flaky-1");
        List<DeploymentView> deployments = bean.getDeployments();
        assertThat(deployments).hasSize(2).first().extracting(DeploymentView::getId).isEqualTo("flaky-1");
        assertThat(deployments.get(0).getState()).isEqualTo("cooling_down");
        assertThat(deployments.get(0).getCooldownRemainingMillis()).isPositive();
        assertThat(deployments.get(0).getModelName()).isEqualTo("flaky");

        assertThat(bean.reset("flaky-1")).isTrue();

        assertThat(bean.getCoolingDown()).isEmpty();
        assertThat(bean.getDeployments().get(0).getState()).isEqualTo("healthy");
        assertThat(gateway.gateway().dataPlane().router().cooldowns().snapshot("flaky-1").breaker().name())
                .isEqualTo("CLOSED");
        assertThat(bean.reset("no-such-deployment")).isFalse();
    }

    @Test
    void requestsCountHowRequestsEnded() throws Exception {
        upstream.on("POST", "/flaky/v1/chat/completions").defaultReply(Reply.json(500,
                "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));

        chat("ditto/echo");
        chat("flaky");

        RequestsMXBean bean = JMX.newMXBeanProxy(server, name("Requests"), RequestsMXBean.class);
        assertThat(bean.getTotal()).isEqualTo(2);
        assertThat(bean.getOk()).isEqualTo(1);
        assertThat(bean.getUpstreamErrors()).isEqualTo(1);
        assertThat(bean.getCountsByOutcome()).containsEntry("ok", 1L).containsEntry("upstream_error", 1L)
                .containsEntry("client_gone", 0L);
    }

    @Test
    void theBeansAreGoneOnceTheGatewayStops() throws Exception {
        String nodeId = gateway.gateway().node().id();
        List<ObjectName> names = List.of(name("Gateway"), name("Deployments"), name("Requests"));
        assertThat(names).allSatisfy(name -> assertThat(server.isRegistered(name)).as("%s", name).isTrue());

        gateway.close();

        assertThat(names).allSatisfy(name -> assertThat(server.isRegistered(name)).as("%s", name).isFalse());
        assertThat(server.queryNames(new ObjectName(MBeans.DOMAIN + ":name=" + nodeId + ",*"), null)).isEmpty();
    }
}
