package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.control.ControlStore;
import dev.ditto.control.PageRequest;
import dev.ditto.control.ScopeFilter;
import dev.ditto.control.TimeRange;
import dev.ditto.control.budget.LedgerEntry;
import dev.ditto.control.spend.SpendFilter;
import dev.ditto.control.spend.SpendLogEntry;
import dev.ditto.control.spend.WriteBehind;
import dev.ditto.store.jpa.Database;
import dev.ditto.store.jpa.JdbcUrl;
import dev.ditto.store.jpa.JpaControlStore;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spend log and the ledger over real HTTP: every request the gateway answered is a row in
 * the database once the gateway has shut down gracefully, with nothing awaited before the
 * shutdown, and the ledger of its key adds up to those rows.
 */
class SpendLogTest {

    private static final String CHAT = "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path data;

    @Test
    void everyRequestIsInTheSpendLogAfterAGracefulShutdownAndTheLedgerAddsUp() throws Exception {
        int requests = 30;
        List<String> ids = new ArrayList<>();
        try (FakeUpstream upstream = FakeUpstream.start()) {
            for (int i = 0; i < requests; i++) {
                upstream.on("POST", "/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));
            }
            // A flush interval far beyond the test: the rows can only reach the database at shutdown.
            try (GatewayServer gateway = GatewayServer.start("""
                    model_list:
                      - model_name: gpt
                        litellm_params: {model: openai/gpt-4.1-nano, api_base: "%s/v1", api_key: sk-test}
                        model_info: {id: nano, input_cost_per_token: 0.000001, output_cost_per_token: 0.000001}
                    router_settings: {num_retries: 0}
                    ditto:
                      data_dir: "%s"
                      database:
                        write_behind: {queue_size: 1000, batch_size: 1000, flush_interval: 3600}
                    """.formatted(upstream.baseUri(), data.toString().replace('\\', '/')))) {
                List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    ids.add("spend-" + i);
                    sent.add(gateway.client().sendAsync(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                            .header("content-type", "application/json").header("x-request-id", "spend-" + i)
                            .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build(), HttpResponse.BodyHandlers.ofString()));
                }
                for (CompletableFuture<HttpResponse<String>> response : sent) {
                    assertThat(response.join().statusCode()).isEqualTo(200);
                }
                gateway.awaitRecorded(requests, java.time.Duration.ofSeconds(10));
                WriteBehind spendLog = gateway.gateway().dataPlane().control().recorder().unwrap(WriteBehind.class)
                        .orElseThrow();
                assertThat(spendLog.depth()).as("queued, not written yet").isEqualTo(requests);
            }
        }

        try (Database database = Database.ofPool(JdbcUrl.h2File(data), 2)) {
            ControlStore store = new JpaControlStore(database.entityManagerFactory());
            List<SpendLogEntry> rows = store.spendLogs().list(SpendFilter.during(TimeRange.all()),
                    PageRequest.first(1000)).items();
            List<LedgerEntry> ledger = store.ledgers().list(ScopeFilter.all(), TimeRange.all(), PageRequest.first(1000))
                    .items();

            assertThat(rows).extracting(SpendLogEntry::requestId).containsExactlyInAnyOrderElementsOf(ids);
            // Each call used 16 + 363 tokens at $1 per million.
            assertThat(rows).allSatisfy(row -> {
                assertThat(row.keyId()).isEqualTo("anonymous");
                assertThat(row.deployment()).isEqualTo("nano");
                assertThat(row.cost()).isEqualByComparingTo("0.000379");
            });
            assertThat(ledger).singleElement().satisfies(row -> {
                assertThat(row.scope().toString()).isEqualTo("key:anonymous");
                assertThat(row.requests()).isEqualTo(requests);
                assertThat(row.spend()).isEqualByComparingTo(new BigDecimal("0.000379").multiply(BigDecimal.valueOf(requests)));
                assertThat(row.inputTokens()).isEqualTo(16L * requests);
                assertThat(row.outputTokens()).isEqualTo(363L * requests);
            });
        }
    }
}
