package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ditto.control.Caller;
import dev.ditto.control.Outcome;
import dev.ditto.control.RequestRecord;
import dev.ditto.gateway.filter.RequestIdFilter;
import dev.ditto.testing.GatewayServer;
import jakarta.servlet.ServletRequest;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Settle runs exactly once: an exception in the gateway's own code while an exchange starts
 * settles the request as a gateway error, and nothing after that settles it again.
 */
class SettlementTest {

    @Test
    void anExceptionInOurOwnCodeSettlesOnceAsAGatewayError() throws Exception {
        try (GatewayServer gateway = GatewayServer.start()) {
            DataPlane plane = gateway.gateway().dataPlane();
            ServletRequest request = (ServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ServletRequest.class}, (proxy, method, args) ->
                            method.getName().equals("getAttribute") && RequestIdFilter.ATTRIBUTE.equals(args[0])
                                    ? "req-boom" : null);
            AtomicInteger permitSettled = new AtomicInteger();
            Settlement settlement = new Settlement(plane, request, Caller.anonymous(), "/v1/chat/completions",
                    "ditto/echo", outcome -> {
                        permitSettled.incrementAndGet();
                        return null;
                    }, plane.ticker().read());

            assertThatThrownBy(() -> RelayServlet.run(settlement, () -> {
                throw new IllegalStateException("a bug in the exchange");
            })).isInstanceOf(IllegalStateException.class);
            boolean settledAgain = settlement.settle(Outcome.Status.OK, 200, null);

            assertThat(settledAgain).isFalse();
            assertThat(permitSettled).hasValue(1);
            RequestRecord record = gateway.awaitRecord("req-boom");
            assertThat(record.outcome().status()).isEqualTo(Outcome.Status.GATEWAY_ERROR);
            assertThat(record.outcome().httpStatus()).isEqualTo(500);
            Thread.sleep(200);
            assertThat(gateway.recentRequests().snapshot()).filteredOn(r -> r.requestId().equals("req-boom"))
                    .hasSize(1);
        }
    }
}
