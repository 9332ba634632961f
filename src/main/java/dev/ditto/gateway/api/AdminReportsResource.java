package dev.ditto.gateway.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.ScopeFilter;
import dev.ditto.control.TimeRange;
import dev.ditto.control.admin.AdminCall;
import dev.ditto.control.admin.Administration;
import dev.ditto.control.audit.AuditFilter;
import dev.ditto.control.spend.SpendFilter;
import dev.ditto.control.spend.SpendGrouping;
import dev.ditto.control.spend.SpendTotal;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The read-only reports: {@code /admin/ledgers} (spend per scope and budget period),
 * {@code /admin/spend} (totals from the spend log grouped by key, user, project, tenant, model
 * or day) and {@code /admin/audit} (who changed what). Each needs a {@code tenant_id} the
 * caller may read, or a global role.
 */
@Path("admin")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminReportsResource extends AdminResource {

    /**
     * Creates the resource.
     *
     * @param gate who the caller is
     * @param admin the admin operations
     * @param views the JSON views
     */
    public AdminReportsResource(AdminGate gate, Administration admin, AdminViews views) {
        super(gate, admin, views);
    }

    /**
     * Lists ledger rows by scope, then period.
     *
     * @param request who asks and from where
     * @param tenantId only this tenant's scopes (required for tenant administrators)
     * @param scope only this scope, such as {@code project:prj_...}
     * @param from only periods starting at or after this time or date
     * @param to only periods starting before this time or date
     * @param limit page size, 1 to 1000 (default 100)
     * @param cursor the previous page's {@code next_cursor}
     * @return the page
     */
    @GET
    @Path("ledgers")
    public Response ledgers(@BeanParam AdminRequest request, @QueryParam("tenant_id") @Nullable String tenantId,
            @QueryParam("scope") @Nullable String scope, @QueryParam("from") @Nullable String from,
            @QueryParam("to") @Nullable String to, @QueryParam("limit") @Nullable String limit,
            @QueryParam("cursor") @Nullable String cursor) {
        AdminCall call = call(request);
        ScopeFilter filter = new ScopeFilter(optionalId("tenant_id", tenantId), scope("scope", scope));
        TimeRange periods = range(from, to);
        PageRequest page = page(limit, cursor);
        return ok(views().page(cursorChecked(() -> admin().reports().ledgers(call, filter, periods, page)),
                views()::ledger));
    }

    /**
     * Adds up spend, requests and tokens per group over a time range.
     *
     * @param request who asks and from where
     * @param groupBy {@code key} (default), {@code user}, {@code project}, {@code tenant}, {@code model} or {@code day}
     * @param from requests started at or after this time or date
     * @param to requests started before this time or date
     * @param tenantId only this tenant's requests (required for tenant administrators)
     * @param projectId only this project's
     * @param userId only this user's
     * @param keyId only this key's
     * @param model only this model group's
     * @param limit at most this many groups, 1 to 1000 (default 100)
     * @return {@code {"group_by":...,"data":[{"group","spend","requests","input_tokens","output_tokens"}],...}}
     */
    @GET
    @Path("spend")
    public Response spend(@BeanParam AdminRequest request, @QueryParam("group_by") @Nullable String groupBy, @QueryParam("from") @Nullable String from,
            @QueryParam("to") @Nullable String to, @QueryParam("tenant_id") @Nullable String tenantId,
            @QueryParam("project_id") @Nullable String projectId, @QueryParam("user_id") @Nullable String userId,
            @QueryParam("key_id") @Nullable String keyId, @QueryParam("model") @Nullable String model,
            @QueryParam("limit") @Nullable String limit) {
        AdminCall call = call(request);
        SpendGrouping grouping;
        try {
            grouping = groupBy == null || groupBy.isBlank() ? SpendGrouping.KEY : SpendGrouping.ofWireName(groupBy.trim());
        } catch (IllegalArgumentException e) {
            throw RequestFields.invalid("group_by", e.getMessage() + ".");
        }
        TimeRange time = range(from, to);
        SpendFilter filter = new SpendFilter(optionalId("tenant_id", tenantId), optionalId("project_id", projectId),
                optionalId("user_id", userId), optionalId("key_id", keyId),
                model == null || model.isBlank() ? null : model, time);
        int size = page(limit, null).limit();
        // One group more than asked, when the store allows it, tells whether there are more.
        List<SpendTotal> totals = admin().reports().spendTotals(call, filter, grouping,
                Math.min(size + 1, PageRequest.MAX_LIMIT));
        ObjectNode body = views().object().put("group_by", grouping.wireName())
                .put("from", AdminViews.time(time.from())).put("to", AdminViews.time(time.to()));
        ArrayNode data = body.putArray("data");
        totals.stream().limit(size).forEach(total -> data.add(views().spendTotal(total)));
        body.putNull("next_cursor");
        body.put("has_more", totals.size() > size);
        return ok(body);
    }

    /**
     * Lists audit records by time.
     *
     * @param request who asks and from where
     * @param from records at or after this time or date
     * @param to records before this time or date
     * @param actor only this actor's
     * @param action only this action, such as {@code key.block}
     * @param targetType only records about this kind, such as {@code key}
     * @param targetId only records about this record
     * @param tenantId only records about this tenant's data (required for tenant administrators)
     * @param limit page size, 1 to 1000 (default 100)
     * @param cursor the previous page's {@code next_cursor}
     * @return the page; {@code before} and {@code after} are the records as JSON, secrets left out
     */
    @GET
    @Path("audit")
    public Response audit(@BeanParam AdminRequest request, @QueryParam("from") @Nullable String from, @QueryParam("to") @Nullable String to,
            @QueryParam("actor") @Nullable String actor, @QueryParam("action") @Nullable String action,
            @QueryParam("target_type") @Nullable String targetType, @QueryParam("target_id") @Nullable String targetId,
            @QueryParam("tenant_id") @Nullable String tenantId, @QueryParam("limit") @Nullable String limit,
            @QueryParam("cursor") @Nullable String cursor) {
        AdminCall call = call(request);
        AuditFilter filter = new AuditFilter(optionalId("tenant_id", tenantId), blankToNull(actor),
                blankToNull(action), blankToNull(targetType), blankToNull(targetId), range(from, to));
        PageRequest page = page(limit, cursor);
        return ok(views().page(cursorChecked(() -> admin().reports().audit(call, filter, page)), views()::audit));
    }

    /** Runs a time-series listing, turning a cursor the store cannot read into a 400. */
    static <T> Page<T> cursorChecked(Supplier<Page<T>> listing) {
        try {
            return listing.get();
        } catch (IllegalArgumentException e) {
            throw RequestFields.invalid("cursor", "Invalid 'cursor'; pass the next_cursor of the previous page.");
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
