package dev.ditto.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.control.AdminPrincipal;
import dev.ditto.control.limits.GovernedAdmission;
import dev.ditto.control.limits.QuotaStoreUnavailableException;
import dev.ditto.control.limits.ReapReport;
import dev.ditto.gateway.Gateway;
import dev.ditto.gateway.filter.SecurityEvents;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /admin/reservations/reap}: releases (or, in a dry run, lists) the reservations of
 * requests that never settled — their replica crashed or lost the limits store — created more
 * than {@code older_than_seconds} ago, oldest first, at most {@code limit}; and answers how many
 * and what they held (USD, estimated tokens, parallel slots), with each one's request, replica
 * and scopes. The parameters come as a JSON body or as query parameters; all are optional
 * ({@code older_than_seconds} defaults to {@code ditto.limits.reaper.older_than}, one hour unless
 * configured; {@code dry_run} to false; {@code limit} to {@value #DEFAULT_LIMIT}). A global admin
 * role is needed, one that may write unless it is a dry run. Every reap, dry runs too, is
 * reported to the audit log ({@code system.reaper_run}) with the administrator's name.
 *
 * <pre>
 * curl -X POST localhost:4000/admin/reservations/reap -H "Authorization: Bearer $DITTO_MASTER_KEY" \
 *      -d '{"older_than_seconds": 600, "dry_run": true}'
 * </pre>
 */
@Path("admin/reservations")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminReservationsResource {

    /** Reservations handled per call unless {@code limit} says otherwise. */
    public static final int DEFAULT_LIMIT = 1_000;
    /** The most reservations one call may handle. */
    public static final int MAX_LIMIT = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(AdminReservationsResource.class);
    private static final String OLDER_THAN = "older_than_seconds";
    private static final String DRY_RUN = "dry_run";
    private static final String LIMIT = "limit";
    private static final Set<String> PARAMETERS = Set.of(OLDER_THAN, DRY_RUN, LIMIT);

    private final Gateway gateway;
    private final AdminAuth auth;

    /**
     * Creates the resource.
     *
     * @param gateway the edge's collaborators; its admission engine holds the reservations
     * @param auth the admin check
     */
    public AdminReservationsResource(Gateway gateway, AdminAuth auth) {
        this.gateway = gateway;
        this.auth = auth;
    }

    /**
     * Reaps stale reservations.
     *
     * @param headers the request headers, for the admin credentials
     * @param uri the query parameters
     * @param servletRequest the request, for the audit record's request id and client address
     * @param body the JSON body, possibly empty
     * @return the report
     * @throws ApiException 400 for an unknown, repeated or invalid parameter; 401/403 without a global
     *     admin role; 503 {@code limits_unavailable} when the limits store cannot answer
     * @throws JsonProcessingException never in practice
     */
    @POST
    @Path("reap")
    public String reap(@Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServletRequest servletRequest,
            InputStream body)
            throws JsonProcessingException {
        AdminPrincipal principal = auth.require(headers);
        ObjectNode parameters = parameters(uri.getQueryParameters(), body);
        boolean dryRun = dryRun(parameters.get(DRY_RUN));
        principal.requireGlobal(!dryRun);
        Duration olderThan = olderThan(parameters.get(OLDER_THAN));
        int limit = limit(parameters.get(LIMIT));
        ReapReport report = reap(olderThan, dryRun, limit);
        gateway.compliance().audit().security(SecurityEvents.origin(report.event(principal.actor(),
                principal.role().name().toLowerCase(Locale.ROOT), "endpoint", olderThan), servletRequest));
        LOG.info("event=reservations_reap_requested actor={} role={} dry_run={} older_than_s={} limit={} count={} usd={} "
                        + "tokens={} slots={}", principal.actor(), principal.role(), dryRun, olderThan.toSeconds(), limit,
                report.reservations(), report.usd().toPlainString(), report.tokens(), report.slots());
        return gateway.json().writeValueAsString(describe(report, olderThan));
    }

    private ReapReport reap(Duration olderThan, boolean dryRun, int limit) {
        if (!(gateway.dataPlane().control().admission() instanceof GovernedAdmission engine)) {
            // Nothing governs admission, so nothing was ever reserved.
            return new ReapReport(dryRun, 0, BigDecimal.ZERO, 0, 0, List.of());
        }
        try {
            return engine.reap(olderThan, dryRun, limit);
        } catch (QuotaStoreUnavailableException e) {
            throw new ApiException(new ApiError(503, ApiError.SERVER, "limits_unavailable",
                    "The limits store cannot be reached, so no reservation was released: " + e.getMessage(), null));
        }
    }

    /** The body's fields and the query parameters, each named once. */
    private ObjectNode parameters(MultivaluedMap<String, String> query, InputStream body) {
        ObjectNode parameters = readBody(body);
        for (Iterator<String> names = parameters.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!PARAMETERS.contains(name)) {
                throw invalid("unknown_parameter", "Unrecognized request argument supplied: " + name
                        + "; this endpoint takes " + OLDER_THAN + ", " + DRY_RUN + " and " + LIMIT + ".", name);
            }
        }
        for (String name : query.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw invalid("unknown_parameter", "Unrecognized query parameter: " + name + "; this endpoint takes "
                        + OLDER_THAN + ", " + DRY_RUN + " and " + LIMIT + ".", name);
            }
            if (parameters.has(name) || query.get(name).size() > 1) {
                throw invalid("duplicate_parameter", "'" + name + "' is given more than once.", name);
            }
            parameters.put(name, query.getFirst(name));
        }
        return parameters;
    }

    private ObjectNode readBody(InputStream body) {
        byte[] bytes;
        try {
            bytes = body.readAllBytes();
        } catch (IOException e) {
            throw invalid("unreadable_body", "The request body could not be read: " + e.getMessage(), null);
        }
        if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return gateway.json().createObjectNode();
        }
        return JsonBody.readObject(new ByteArrayInputStream(bytes), gateway.json());
    }

    private static boolean dryRun(@Nullable JsonNode value) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String text = value.isTextual() ? value.asText() : "";
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw invalid("invalid_value", "'" + DRY_RUN + "' must be true or false, got " + value + ".", DRY_RUN);
    }

    private Duration olderThan(@Nullable JsonNode value) {
        if (value == null || value.isNull()) {
            return gateway.settings().ditto().limits().reaper().olderThan();
        }
        long seconds = integer(value, OLDER_THAN, 0, Long.MAX_VALUE / 1000);
        return Duration.ofSeconds(seconds);
    }

    private static int limit(@Nullable JsonNode value) {
        if (value == null || value.isNull()) {
            return DEFAULT_LIMIT;
        }
        return (int) integer(value, LIMIT, 1, MAX_LIMIT);
    }

    private static long integer(JsonNode value, String name, long min, long max) {
        long number;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            number = value.asLong();
        } else if (value.isTextual() && value.asText().matches("-?\\d{1,18}")) {
            number = Long.parseLong(value.asText());
        } else {
            throw invalid("invalid_value", "'" + name + "' must be a whole number, got " + value + ".", name);
        }
        if (number < min || number > max) {
            throw invalid("invalid_value", "'" + name + "' must be between " + min + " and " + max + ", got " + number
                    + ".", name);
        }
        return number;
    }

    private ObjectNode describe(ReapReport report, Duration olderThan) {
        ObjectNode node = gateway.json().createObjectNode()
                .put("dry_run", report.dryRun())
                .put(OLDER_THAN, olderThan.toSeconds())
                .put("count", report.reservations())
                .put("usd", report.usd())
                .put("tokens", report.tokens())
                .put("slots", report.slots());
        ArrayNode reservations = node.putArray("reservations");
        for (ReapReport.Reaped reaped : report.details()) {
            reservations.addObject()
                    .put("reservation_id", reaped.reservationId())
                    .put("request_id", reaped.requestId())
                    .put("replica_id", reaped.replicaId())
                    .put("created_at", reaped.createdAt().toString())
                    .put("scopes", reaped.scopes())
                    .put("usd", reaped.usd())
                    .put("slots", reaped.slots());
        }
        return node;
    }

    private static ApiException invalid(String code, String message, @Nullable String param) {
        return new ApiException(ApiError.invalidRequest(400, code, message, param));
    }
}
