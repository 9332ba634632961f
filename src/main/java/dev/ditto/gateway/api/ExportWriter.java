package dev.ditto.gateway.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ditto.control.audit.AuditChain;
import dev.ditto.control.audit.AuditRecord;
import dev.ditto.control.spend.SpendLogEntry;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes export records as JSONL or CSV lines. Audit lines are the chain's canonical JSON plus
 * {@code prev_hash} and {@code hash}, exactly what the verifier rehashes; spend lines keep
 * counts as numbers and the cost as a decimal string (exact, never a float). Stateless.
 */
final class ExportWriter {

    /** The audit export's columns: the canonical fields, then the chain's hashes. */
    static final List<String> AUDIT_COLUMNS;
    /** The spend export's columns. */
    static final List<String> SPEND_COLUMNS = List.of("id", "request_id", "started_at", "key_id", "user_id",
            "project_id", "tenant_id", "route", "model", "deployment", "input_tokens", "output_tokens", "cached_tokens",
            "reasoning_tokens", "cost", "latency_ms", "status", "http_status", "cache_hit");

    static {
        List<String> columns = new ArrayList<>(AuditChain.FIELDS);
        columns.add("prev_hash");
        columns.add("hash");
        AUDIT_COLUMNS = List.copyOf(columns);
    }

    private static final JsonFactory JSON = new JsonFactory();

    private ExportWriter() {}

    static void header(Writer out, ExportQuery.Format format, List<String> columns) throws IOException {
        if (format == ExportQuery.Format.CSV) {
            csv(out, new ArrayList<>(columns));
        }
    }

    static void audit(Writer out, ExportQuery.Format format, AuditRecord record) throws IOException {
        if (format == ExportQuery.Format.JSONL) {
            out.write(AuditChain.exportJson(record));
            out.write('\n');
            return;
        }
        Map<String, @Nullable String> fields = AuditChain.fields(record);
        List<@Nullable String> row = new ArrayList<>(fields.values());
        row.add(record.prevHash());
        row.add(record.hash());
        csv(out, row);
    }

    static void spend(Writer out, ExportQuery.Format format, SpendLogEntry entry) throws IOException {
        if (format == ExportQuery.Format.CSV) {
            csv(out, List.of(entry.id(), entry.requestId(), AuditChain.time(entry.startedAt()), entry.keyId(),
                    nullable(entry.userId()), nullable(entry.projectId()), nullable(entry.tenantId()), entry.route(),
                    nullable(entry.model()), nullable(entry.deployment()), Long.toString(entry.inputTokens()),
                    Long.toString(entry.outputTokens()), Long.toString(entry.cachedTokens()),
                    Long.toString(entry.reasoningTokens()), entry.cost() == null ? "" : entry.cost().toPlainString(),
                    Long.toString(entry.latencyMs()), entry.status(), Integer.toString(entry.httpStatus()),
                    Boolean.toString(entry.cacheHit())));
            return;
        }
        StringWriter line = new StringWriter(512);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("id", entry.id());
            json.writeStringField("request_id", entry.requestId());
            json.writeStringField("started_at", AuditChain.time(entry.startedAt()));
            json.writeStringField("key_id", entry.keyId());
            json.writeStringField("user_id", entry.userId());
            json.writeStringField("project_id", entry.projectId());
            json.writeStringField("tenant_id", entry.tenantId());
            json.writeStringField("route", entry.route());
            json.writeStringField("model", entry.model());
            json.writeStringField("deployment", entry.deployment());
            json.writeNumberField("input_tokens", entry.inputTokens());
            json.writeNumberField("output_tokens", entry.outputTokens());
            json.writeNumberField("cached_tokens", entry.cachedTokens());
            json.writeNumberField("reasoning_tokens", entry.reasoningTokens());
            json.writeStringField("cost", entry.cost() == null ? null : entry.cost().toPlainString());
            json.writeNumberField("latency_ms", entry.latencyMs());
            json.writeStringField("status", entry.status());
            json.writeNumberField("http_status", entry.httpStatus());
            json.writeBooleanField("cache_hit", entry.cacheHit());
            json.writeEndObject();
        }
        out.write(line.toString());
        out.write('\n');
    }

    private static String nullable(@Nullable String value) {
        return value == null ? "" : value;
    }

    /** One RFC 4180 row: a field with a comma, quote or line break is quoted, quotes doubled; null is empty. */
    private static void csv(Writer out, List<@Nullable String> row) throws IOException {
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            String value = row.get(i);
            if (value == null) {
                continue;
            }
            if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                    || value.indexOf('\r') >= 0) {
                out.write('"');
                out.write(value.replace("\"", "\"\""));
                out.write('"');
            } else {
                out.write(value);
            }
        }
        out.write("\r\n");
    }
}
