package dev.ditto.gateway.api;

import dev.ditto.control.AccessDeniedException;
import dev.ditto.control.AdminPrincipal;
import dev.ditto.control.PageRequest;
import dev.ditto.control.TimeRange;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The query of an export ({@code from}, {@code to}, {@code tenant_id}, {@code format},
 * {@code cursor}), checked, and checked against who asks: a tenant-scoped administrator must
 * name its own tenant. Immutable.
 *
 * @param time {@code [from, to)}
 * @param tenantId only this tenant's records, or null for all
 * @param format how records are written
 * @param cursor the id of the last record already received, or null to start at the first
 */
record ExportQuery(TimeRange time, @Nullable String tenantId, Format format, @Nullable String cursor) {

    /** How many records are read from the database per query while streaming. */
    static final int CHUNK = PageRequest.MAX_LIMIT;

    /** The formats an export is written in. */
    enum Format {
        /** One JSON object per line, {@code application/x-ndjson}. */
        JSONL("application/x-ndjson; charset=utf-8", "jsonl"),
        /** RFC 4180 comma-separated values with a header row, {@code text/csv}. */
        CSV("text/csv; charset=utf-8", "csv");

        private final String contentType;
        private final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }

        String contentType() {
            return contentType;
        }

        String extension() {
            return extension;
        }
    }

    /**
     * Reads and authorizes a query.
     *
     * @param principal who asks
     * @param from the {@code from} parameter, or null
     * @param to the {@code to} parameter, or null
     * @param tenantId the {@code tenant_id} parameter, or null
     * @param format the {@code format} parameter, or null for JSONL
     * @param cursor the {@code cursor} parameter, or null
     * @return the query
     * @throws ApiException 400 naming the bad parameter; 403 when a tenant-scoped administrator
     *     names no tenant or another one
     */
    static ExportQuery of(AdminPrincipal principal, @Nullable String from, @Nullable String to,
            @Nullable String tenantId, @Nullable String format, @Nullable String cursor) {
        String tenant = blankToNull(tenantId);
        try {
            principal.requireRead(tenant);
        } catch (AccessDeniedException e) {
            throw new ApiException(new ApiError(403, ApiError.PERMISSION, e.code(), tenant == null
                    ? "This admin may only export tenant '" + principal.tenantId() + "': pass tenant_id="
                            + principal.tenantId() + "."
                    : e.getMessage(), "tenant_id"));
        }
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && end.isBefore(start)) {
            throw new ApiException(ApiError.invalidRequest(400, "invalid_time_range", "'to' (" + end
                    + ") is before 'from' (" + start + ").", "to"));
        }
        return new ExportQuery(TimeRange.of(start, end), tenant, format(format), blankToNull(cursor));
    }

    private static Format format(@Nullable String format) {
        String value = blankToNull(format);
        if (value == null) {
            return Format.JSONL;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "jsonl", "ndjson" -> Format.JSONL;
            case "csv" -> Format.CSV;
            default -> throw new ApiException(ApiError.invalidRequest(400, "invalid_format",
                    "format must be jsonl or csv, got '" + value + "'.", "format"));
        };
    }

    /** An instant as {@code 2025-01-31T12:00:00Z} (any offset), or a date as its UTC midnight. */
    private static @Nullable Instant instant(String name, @Nullable String text) {
        String value = blankToNull(text);
        if (value == null) {
            return null;
        }
        try {
            return value.contains("T") ? java.time.OffsetDateTime.parse(value).toInstant()
                    : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiException(ApiError.invalidRequest(400, "invalid_" + name, "'" + name
                    + "' must be an ISO-8601 time such as 2025-01-31T00:00:00Z or a date such as 2025-01-31, got '"
                    + value + "'.", name));
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
