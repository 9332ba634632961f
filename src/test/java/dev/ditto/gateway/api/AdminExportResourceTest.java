package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.VerifyAuditCommand;
import dev.ditto.control.ControlStore;
import dev.ditto.control.IdGenerator;
import dev.ditto.control.audit.AuditRecord;
import dev.ditto.control.spend.SpendLogEntry;
import dev.ditto.testing.AuditFiles;
import dev.ditto.testing.GatewayServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit and spend exports over real HTTP, against the gateway's own database: more records
 * than one chunk, chain order that the offline verifier accepts, tenant filters, gzip, CSV,
 * resuming after a cursor, and errors in OpenAI's envelope before anything is streamed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminExportResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER_KEY = "sk-master-export";
    private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    private static final int AUDIT_RECORDS = 2_400;
    private static final int SPEND_ROWS = 2_300;

    private final IdGenerator ids = IdGenerator.of(java.time.Clock.systemUTC());
    private GatewayServer gateway;

    @TempDir
    Path dir;

    @BeforeAll
    void start() throws Exception {
        gateway = GatewayServer.start("""
                model_list: [{model_name: ditto/echo, litellm_params: {model: ditto/echo}}]
                general_settings: {master_key: %s}
                """.formatted(MASTER_KEY));
        ControlStore store = gateway.gateway().compliance().store();
        List<AuditRecord> audit = new ArrayList<>();
        for (int i = 0; i < AUDIT_RECORDS; i++) {
            String tenant = i % 3 == 0 ? null : i % 3 == 1 ? "ten_a" : "ten_b";
            audit.add(AuditRecord.builder(ids.next(IdGenerator.AUDIT), T0.plusSeconds(i)).actor("admin", "global_admin")
                    .action("key.update", "key", "key_" + i).change(null, "{\"alias\":\"a,\\\"b\\\"\"}")
                    .tenantId(tenant).build());
            if (audit.size() == 500) {
                store.audit().appendAll(audit);
                audit.clear();
            }
        }
        store.audit().appendAll(audit);
        List<SpendLogEntry> spend = new ArrayList<>();
        for (int i = 0; i < SPEND_ROWS; i++) {
            Instant at = T0.plusSeconds(i);
            spend.add(SpendLogEntry.builder(ids.next(IdGenerator.SPEND, at.toEpochMilli()), "req-" + i, "key_1", at)
                    .owners(null, null, i % 2 == 0 ? "ten_a" : "ten_b").target("/v1/chat/completions", "gpt-4o", "d1")
                    .tokens(10, 20, 0, 0).cost(new BigDecimal("0.0000001")).latencyMs(5).build());
        }
        store.spendLogs().appendAll(spend);
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
    }

    private HttpResponse<byte[]> export(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(pathAndQuery))
                .header("Authorization", "Bearer " + MASTER_KEY);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return gateway.client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<String> lines(HttpResponse<byte[]> response) throws IOException {
        byte[] body = response.body();
        if ("gzip".equals(response.headers().firstValue("content-encoding").orElse(null))) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = in.readAllBytes();
            }
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    private String verify(List<String> lines, String... options) throws IOException {
        Path file = AuditFiles.write(dir.resolve("export-" + System.nanoTime() + ".jsonl"), lines, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(options));
        args.add(file.toString());
        int status = VerifyAuditCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        return status + " " + out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void auditExportStreamsEveryChainInAnOrderTheVerifierAccepts() throws Exception {
        HttpResponse<byte[]> response = export("/admin/audit/export");
        List<String> lines = lines(response);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/x-ndjson"));
        assertThat(response.headers().firstValue("content-encoding")).isEmpty();
        assertThat(lines).hasSize(AUDIT_RECORDS + 3);
        assertThat(verify(lines)).startsWith("0 OK " + (AUDIT_RECORDS + 3) + " records, last hash ");
        List<String> tampered = new ArrayList<>(lines);
        tampered.set(1000, tampered.get(1000).replace("\"actor\":\"admin\"", "\"actor\":\"eve\""));
        assertThat(verify(tampered)).startsWith("1 FAIL line 1001 (id ");
        List<String> reordered = new ArrayList<>(lines);
        reordered.add(10, reordered.remove(20));
        assertThat(verify(reordered)).startsWith("1 FAIL line 11 ");
    }

    @Test
    void aTenantExportHoldsOnlyItsChainGzippedWhenAsked() throws Exception {
        HttpResponse<byte[]> response = export("/admin/audit/export?tenant_id=ten_a", "Accept-Encoding", "gzip");
        List<String> lines = lines(response);

        assertThat(response.headers().firstValue("content-encoding")).contains("gzip");
        assertThat(lines).hasSize(AUDIT_RECORDS / 3 + 1).allSatisfy(line ->
                assertThat(line).contains("\"chain\":\"tenant:ten_a\""));
        assertThat(verify(lines)).startsWith("0 OK " + (AUDIT_RECORDS / 3 + 1) + " records");
    }

    @Test
    void anAuditExportResumesAfterTheLastIdReceived() throws Exception {
        List<String> all = lines(export("/admin/audit/export?tenant_id=ten_b"));
        String cut = JSON.readTree(all.get(1_200 / 3)).path("id").asText();

        List<String> rest = lines(export("/admin/audit/export?tenant_id=ten_b&cursor=" + cut));

        assertThat(rest).isEqualTo(all.subList(1_200 / 3 + 1, all.size()));
        assertThat(verify(rest)).startsWith("1 FAIL line 1 ");
        assertThat(verify(rest, "--partial")).startsWith("0 OK ");
        List<String> joined = new ArrayList<>(all.subList(0, 1_200 / 3 + 1));
        joined.addAll(rest);
        assertThat(verify(joined)).startsWith("0 OK ");
    }

    @Test
    void auditCsvHasAHeaderAndQuotesWhatNeedsIt() throws Exception {
        HttpResponse<byte[]> response = export("/admin/audit/export?format=csv&tenant_id=ten_a&from=2025-03-01T00:00:01Z"
                + "&to=2025-03-01T00:00:05Z");
        List<String> lines = lines(response);

        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/csv"));
        assertThat(lines.get(0)).isEqualTo("chain,seq,id,occurred_at,actor,role,action,target_type,target_id,tenant_id,"
                + "request_id,client_address,before,after,prev_hash,hash\r");
        // The chain's genesis (at its first record's time) and records 1 and 4 of tenant a fall in [1 s, 5 s).
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).startsWith("tenant:ten_a,1,").contains(",audit.genesis,");
        assertThat(lines.get(2)).startsWith("tenant:ten_a,2,").contains(",2025-03-01T00:00:01.000000Z,admin,",
                ",,\"{\"\"alias\"\":\"\"a,\\\"\"b\\\"\"\"\"}\",");
    }

    @Test
    void spendExportStreamsEveryRowInTimeOrderWithExactCosts() throws Exception {
        List<String> lines = lines(export("/admin/spend/export"));

        assertThat(lines).hasSize(SPEND_ROWS);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.path("request_id").asText()).isEqualTo("req-0");
        assertThat(first.path("started_at").asText()).isEqualTo("2025-03-01T00:00:00.000000Z");
        assertThat(first.path("cost").isTextual()).isTrue();
        assertThat(first.path("cost").asText()).isEqualTo("0.0000001000");
        assertThat(first.path("input_tokens").asLong()).isEqualTo(10);
        assertThat(JSON.readTree(lines.get(SPEND_ROWS - 1)).path("request_id").asText()).isEqualTo("req-" + (SPEND_ROWS - 1));
    }

    @Test
    void spendExportFiltersByTenantAndTimeAndResumesAfterACursor() throws Exception {
        List<String> tenantA = lines(export("/admin/spend/export?tenant_id=ten_a&from=2025-03-01T00:10:00Z&to=2025-03-01T00:30:00Z&format=jsonl"));
        String cursor = JSON.readTree(tenantA.get(99)).path("id").asText();
        List<String> rest = lines(export("/admin/spend/export?tenant_id=ten_a&from=2025-03-01T00:10:00Z&to=2025-03-01T00:30:00Z&cursor=" + cursor));
        List<String> csv = lines(export("/admin/spend/export?format=csv&tenant_id=ten_b&to=2025-03-01T00:00:04Z"));

        assertThat(tenantA).hasSize(600).allSatisfy(line -> assertThat(line).contains("\"tenant_id\":\"ten_a\""));
        assertThat(rest).isEqualTo(tenantA.subList(100, 600));
        assertThat(csv).containsExactly("id,request_id,started_at,key_id,user_id,project_id,tenant_id,route,model,"
                + "deployment,input_tokens,output_tokens,cached_tokens,reasoning_tokens,cost,latency_ms,status,"
                + "http_status,cache_hit\r", csvRow(1) + "\r", csvRow(3) + "\r");
    }

    private String csvRow(int i) throws Exception {
        String id = JSON.readTree(lines(export("/admin/spend/export?to=2025-03-01T00:00:05Z")).get(i)).path("id").asText();
        return id + ",req-" + i + ",2025-03-01T00:00:0" + i + ".000000Z,key_1,,,ten_b,/v1/chat/completions,gpt-4o,d1,"
                + "10,20,0,0,0.0000001000,5,OK,200,false";
    }

    @Test
    void badParametersAndCallersAreRefusedBeforeAnythingIsStreamed() throws Exception {
        assertError(export("/admin/audit/export?format=xml"), 400, "invalid_format", "format");
        assertError(export("/admin/spend/export?from=yesterday"), 400, "invalid_from", "from");
        assertError(export("/admin/spend/export?from=2025-03-02&to=2025-03-01"), 400, "invalid_time_range", "to");
        assertError(export("/admin/audit/export?cursor=aud_nope"), 400, "invalid_cursor", "cursor");
        assertError(export("/admin/spend/export?cursor=spd_nope"), 400, "invalid_cursor", "cursor");
        HttpResponse<String> anonymous = gateway.get("/admin/audit/export");
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private static void assertError(HttpResponse<byte[]> response, int status, String code, @Nullable String param)
            throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("param").asText(null)).isEqualTo(param);
    }
}
