package dev.ditto.gateway.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.control.Page;
import dev.ditto.control.TimeRange;
import dev.ditto.control.admin.AdminCall;
import dev.ditto.control.admin.Administration;
import dev.ditto.control.spend.SpendFilter;
import dev.ditto.control.spend.SpendLogEntry;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * LiteLLM's {@code GET /spend/logs}: the spend log's rows, oldest first, in LiteLLM's field
 * names, filtered by key, user, team and date, or those of one request ({@code request_id}). Unlike LiteLLM, dates do not switch the answer
 * to daily totals ({@code /admin/spend?group_by=day} gives those), and the answer is at most
 * {@code limit} rows (default 100, at most 1000).
 */
@Path("spend")
@Produces(MediaType.APPLICATION_JSON)
public final class LiteLlmSpendResource extends LiteLlmResource {

    /** Rows answered for one request at most: one as a rule. */
    private static final int REQUEST_ROWS = 100;

    /**
     * Creates the resource.
     *
     * @param gate who the caller is
     * @param admin the admin operations
     * @param views the JSON views
     */
    public LiteLlmSpendResource(AdminGate gate, Administration admin, AdminViews views) {
        super(gate, admin, views);
    }

    /**
     * Lists spend-log rows.
     *
     * @param request who asks and from where
     * @param apiKey only this key's requests: the key itself or its id
     * @param userId only this user's
     * @param teamId only this team's (project's)
     * @param organizationId only this tenant's (also {@code tenant_id}); a tenant administrator's own when left out
     * @param tenantId the same as {@code organization_id}
     * @param requestId only this request's rows (one as a rule); given alone
     * @param startDate requests started at or after this date or time
     * @param endDate requests started before this date or time
     * @param limit at most this many rows, 1 to 1000 (default 100)
     * @return a JSON array of rows
     */
    @GET
    @Path("logs")
    public Response logs(@BeanParam AdminRequest request, @QueryParam("api_key") @Nullable String apiKey, @QueryParam("user_id") @Nullable String userId,
            @QueryParam("team_id") @Nullable String teamId, @QueryParam("organization_id") @Nullable String organizationId,
            @QueryParam("tenant_id") @Nullable String tenantId, @QueryParam("request_id") @Nullable String requestId,
            @QueryParam("start_date") @Nullable String startDate, @QueryParam("end_date") @Nullable String endDate,
            @QueryParam("limit") @Nullable String limit) {
        AdminCall call = call(request);
        if (requestId != null && !requestId.isBlank()) {
            if (Stream.of(apiKey, userId, teamId, organizationId, tenantId, startDate, endDate, limit)
                    .anyMatch(other -> other != null && !other.isBlank())) {
                throw RequestFields.invalid("request_id", "'request_id' names one request: give it alone.");
            }
            ArrayNode answer = views().json().createArrayNode();
            admin().reports().spendLogsOfRequest(call, requestId.trim(), REQUEST_ROWS).forEach(row -> answer.add(row(row)));
            return ok(answer);
        }
        String tenant = listTenant(call, organizationId, tenantId, teamId, userId, apiKey);
        String keyId = apiKey == null || apiKey.isBlank() ? null : admin().keys().find(call, apiKey.trim()).id();
        TimeRange time = range(startDate, endDate);
        SpendFilter filter = new SpendFilter(tenant, optionalId("team_id", teamId), optionalId("user_id", userId),
                keyId, null, time);
        Page<SpendLogEntry> rows = AdminReportsResource.cursorChecked(
                () -> admin().reports().spendLogs(call, filter, page(limit, null)));
        ArrayNode answer = views().json().createArrayNode();
        rows.items().forEach(row -> answer.add(row(row)));
        return ok(answer);
    }

    private ObjectNode row(SpendLogEntry entry) {
        ObjectNode node = views().object().put("request_id", entry.requestId()).put("call_type", entry.route())
                .put("api_key", entry.keyId());
        AdminViews.amount(node, "spend", entry.cost() == null ? BigDecimal.ZERO : entry.cost());
        node.put("total_tokens", entry.inputTokens() + entry.outputTokens())
                .put("prompt_tokens", entry.inputTokens()).put("completion_tokens", entry.outputTokens())
                .put("startTime", AdminViews.time(entry.startedAt()))
                .put("endTime", AdminViews.time(entry.startedAt().plusMillis(entry.latencyMs())))
                .put("model", entry.model()).put("model_group", entry.model()).put("model_id", entry.deployment())
                .put("user", entry.userId()).put("team_id", entry.projectId()).put("organization_id", entry.tenantId())
                .put("cache_hit", entry.cacheHit() ? "True" : "False")
                .put("status", entry.httpStatus() < 400 ? "success" : "failure");
        return node;
    }
}
