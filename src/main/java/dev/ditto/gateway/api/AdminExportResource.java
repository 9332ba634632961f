package dev.ditto.gateway.api;

import dev.ditto.control.Page;
import dev.ditto.control.audit.AuditFilter;
import dev.ditto.control.audit.AuditRecord;
import dev.ditto.control.spend.SpendFilter;
import dev.ditto.control.spend.SpendLogEntry;
import dev.ditto.gateway.Compliance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the audit log and the spend log out of the database: {@code GET /admin/audit/export}
 * and {@code GET /admin/spend/export} with {@code from}, {@code to} (ISO-8601 times or dates,
 * {@code [from, to)}), {@code tenant_id}, {@code format=jsonl|csv} and {@code cursor}. Records
 * are read by keyset in chunks of {@value ExportQuery#CHUNK} and written as they come, so an
 * export of any size holds one chunk in memory. The audit export is in chain order (chain, then
 * sequence number), which is what {@code verify-audit} checks; the spend export is in start
 * time order. To resume a broken download, pass the {@code id} of the last complete line as
 * {@code cursor}. Gzipped when the client accepts it. A tenant-scoped administrator exports
 * only its own tenant and must name it.
 *
 * <pre>
 * curl -H "Authorization: Bearer $MASTER_KEY" --compressed \
 *   "http://localhost:4000/admin/audit/export?tenant_id=ten_a&amp;from=2025-01-01" &gt; audit.jsonl
 * </pre>
 */
@Path("admin")
public final class AdminExportResource {

    private static final Logger LOG = LoggerFactory.getLogger(AdminExportResource.class);
    private static final int BUFFER = 64 * 1024;

    private final Compliance compliance;
    private final AdminAuth auth;

    /**
     * Creates the resource.
     *
     * @param compliance the stores the exports read, and the audit log for refusals
     * @param auth the admin check
     */
    public AdminExportResource(Compliance compliance, AdminAuth auth) {
        this.compliance = compliance;
        this.auth = auth;
    }

    /**
     * Streams audit records in chain order.
     *
     * @param from the first time included, or null
     * @param to the first time excluded, or null
     * @param tenantId only this tenant's chain, or null for every chain
     * @param format {@code jsonl} (default) or {@code csv}
     * @param cursor the id of the last record already received, or null
     * @param headers the request headers, for the admin credentials and {@code Accept-Encoding}
     * @return the streamed export
     * @throws ApiException 400 for a bad parameter, 401/403 for a caller that may not export it
     */
    @GET
    @Path("audit/export")
    public Response audit(@QueryParam("from") @Nullable String from, @QueryParam("to") @Nullable String to,
            @QueryParam("tenant_id") @Nullable String tenantId, @QueryParam("format") @Nullable String format,
            @QueryParam("cursor") @Nullable String cursor, @Context HttpHeaders headers) {
        ExportQuery query = query(headers, from, to, tenantId, format, cursor);
        AuditFilter filter = AuditFilter.during(query.time()).tenant(query.tenantId());
        return stream("audit", headers, query, ExportWriter.AUDIT_COLUMNS,
                after -> compliance.store().audit().listChained(filter, dev.ditto.control.PageRequest.after(after,
                        ExportQuery.CHUNK)), ExportWriter::audit);
    }

    /**
     * Streams spend-log rows in start time order.
     *
     * @param from the first start time included, or null
     * @param to the first start time excluded, or null
     * @param tenantId only this tenant's rows, or null for all
     * @param format {@code jsonl} (default) or {@code csv}
     * @param cursor the id of the last row already received, or null
     * @param headers the request headers, for the admin credentials and {@code Accept-Encoding}
     * @return the streamed export
     * @throws ApiException 400 for a bad parameter, 401/403 for a caller that may not export it
     */
    @GET
    @Path("spend/export")
    public Response spend(@QueryParam("from") @Nullable String from, @QueryParam("to") @Nullable String to,
            @QueryParam("tenant_id") @Nullable String tenantId, @QueryParam("format") @Nullable String format,
            @QueryParam("cursor") @Nullable String cursor, @Context HttpHeaders headers) {
        ExportQuery query = query(headers, from, to, tenantId, format, cursor);
        SpendFilter filter = SpendFilter.during(query.time()).tenant(query.tenantId());
        return stream("spend", headers, query, ExportWriter.SPEND_COLUMNS,
                after -> compliance.store().spendLogs().listAfter(filter, after, ExportQuery.CHUNK), ExportWriter::spend);
    }

    private ExportQuery query(HttpHeaders headers, @Nullable String from, @Nullable String to,
            @Nullable String tenantId, @Nullable String format, @Nullable String cursor) {
        // A 403 (a tenant administrator asking for another tenant, or for all) is audited by the exception mapper.
        return ExportQuery.of(auth.require(headers), from, to, tenantId, format, cursor);
    }

    private <T> Response stream(String kind, HttpHeaders headers, ExportQuery query, List<String> columns,
            Function<@Nullable String, Page<T>> fetch, RecordWriter<T> writer) {
        // The first chunk is read before anything is sent, so a bad cursor or a database that is
        // down still gets a proper error status.
        Page<T> first;
        try {
            first = fetch.apply(query.cursor());
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.invalidRequest(400, "invalid_cursor", e.getMessage(), "cursor"));
        }
        boolean gzip = acceptsGzip(headers.getHeaderString(HttpHeaders.ACCEPT_ENCODING));
        StreamingOutput body = output -> write(kind, output, gzip, query.format(), columns, first, fetch, writer);
        Response.ResponseBuilder response = Response.ok(body).type(query.format().contentType())
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
                .header("Content-Disposition", "attachment; filename=\"ditto-" + kind + "-export."
                        + query.format().extension() + "\"");
        return (gzip ? response.header(HttpHeaders.CONTENT_ENCODING, "gzip") : response).build();
    }

    private static <T> void write(String kind, OutputStream output, boolean gzip, ExportQuery.Format format,
            List<String> columns, Page<T> first, Function<@Nullable String, Page<T>> fetch, RecordWriter<T> writer)
            throws IOException {
        GZIPOutputStream zipped = gzip ? new GZIPOutputStream(output, BUFFER) : null;
        Writer out = new BufferedWriter(new OutputStreamWriter(zipped != null ? zipped : output,
                StandardCharsets.UTF_8), BUFFER);
        long records = 0;
        try {
            ExportWriter.header(out, format, columns);
            for (Page<T> page = first; ; page = fetch.apply(page.nextCursor())) {
                for (T item : page.items()) {
                    writer.write(out, format, item);
                }
                records += page.items().size();
                if (page.nextCursor() == null) {
                    break;
                }
            }
            out.flush();
            if (zipped != null) {
                zipped.finish();
            }
            LOG.info("event=export_finished kind={} records={} gzip={}", kind, records, gzip);
        } catch (RuntimeException e) {
            // The status is sent already: end the response short; the client resumes with a cursor.
            LOG.warn("event=export_failed kind={} records_sent={} error=\"{}\"", kind, records, e.toString());
            throw new IOException("the " + kind + " export failed after " + records + " records", e);
        }
    }

    /** Whether {@code Accept-Encoding} lists gzip (or {@code *}) without {@code q=0}. */
    static boolean acceptsGzip(@Nullable String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
            String[] pieces = part.split(";");
            String coding = pieces[0].strip();
            if (!coding.equals("gzip") && !coding.equals("*")) {
                continue;
            }
            boolean refused = false;
            for (int i = 1; i < pieces.length; i++) {
                String parameter = pieces[i].strip();
                if (parameter.startsWith("q=")) {
                    try {
                        refused = Double.parseDouble(parameter.substring(2)) <= 0;
                    } catch (NumberFormatException e) {
                        refused = true;
                    }
                }
            }
            return !refused;
        }
        return false;
    }

    /** Writes one record in a format. */
    @FunctionalInterface
    private interface RecordWriter<T> {
        void write(Writer out, ExportQuery.Format format, T record) throws IOException;
    }
}
