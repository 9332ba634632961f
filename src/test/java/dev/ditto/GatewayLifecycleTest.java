package dev.ditto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.testing.GatewayServer;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Stopping the gateway stops every thread and pool it started, however often it restarts. */
class GatewayLifecycleTest {

    private static final List<String> OUR_THREADS = List.of("ditto-", "HikariPool", "ditto housekeeper", "jedis");

    /** Threads of ours that were not there before the test: other tests may leave their own. */
    private final Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());

    private Set<String> ourThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> !before.contains(thread))
                .map(Thread::getName)
                .filter(name -> OUR_THREADS.stream().anyMatch(name::startsWith))
                .collect(Collectors.toSet());
    }

    private Set<String> awaitNoThreadsOfOurs() throws InterruptedException {
        Set<String> left = ourThreads();
        for (int i = 0; i < 100 && !left.isEmpty(); i++) {
            Thread.sleep(50);
            left = ourThreads();
        }
        return left;
    }

    @Test
    void restartsLeaveNoThreadsBehind() throws Exception {
        for (int round = 0; round < 3; round++) {
            try (GatewayServer gateway = GatewayServer.start("""
                    model_list: [{model_name: ditto/echo, litellm_params: {model: ditto/echo}}]
                    router_settings: {redis_host: 127.0.0.1, redis_port: 1}
                    """)) {
                assertThat(gateway.get("/health/readiness").statusCode()).isEqualTo(503);
                assertThat(ourThreads()).isNotEmpty();
            }
            assertThat(awaitNoThreadsOfOurs()).as("threads left after round %d", round).isEmpty();
        }
    }
}
