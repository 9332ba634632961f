package dev.ditto.gateway.api;

import dev.ditto.control.Scope;
import dev.ditto.control.ScopeFilter;
import dev.ditto.control.admin.AdminCall;
import dev.ditto.control.admin.Administration;
import dev.ditto.control.admin.BudgetSpec;
import dev.ditto.control.budget.Budget;
import dev.ditto.control.budget.ResetPeriod;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code /admin/budgets}: USD budgets of a key, user, project or tenant, with LiteLLM's
 * {@code max_budget}, {@code soft_budget} and {@code budget_duration}.
 */
@Path("admin/budgets")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminBudgetsResource extends AdminResource {

    private static final Set<String> CREATE = Set.of("scope", "max_budget", "soft_budget", "budget_duration");
    private static final Set<String> UPDATE = Set.of("max_budget", "soft_budget", "budget_duration");

    /**
     * Creates the resource.
     *
     * @param gate who the caller is
     * @param admin the admin operations
     * @param views the JSON views
     */
    public AdminBudgetsResource(AdminGate gate, Administration admin, AdminViews views) {
        super(gate, admin, views);
    }

    /**
     * Creates a budget: {@code {"scope":"project:prj_...","max_budget":100,"budget_duration":"1mo"}}.
     *
     * @param request who asks and from where
     * @param body the request body
     * @return 201 with the budget
     */
    @POST
    public Response create(@BeanParam AdminRequest request, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, CREATE);
        Scope scope = Objects.requireNonNull(scope("scope", fields.requiredString("scope", 128)));
        BigDecimal max = fields.decimal("max_budget");
        if (max == null) {
            throw RequestFields.invalid("max_budget", "'max_budget' is required.");
        }
        String duration = fields.string("budget_duration", 32);
        BudgetSpec spec = new BudgetSpec(max, fields.decimal("soft_budget"), duration == null
                ? ResetPeriod.of(ResetPeriod.Kind.NEVER) : Durations.resetPeriod("budget_duration", duration));
        return created(views().budget(admin().budgets().create(call, scope, spec)));
    }

    /**
     * Lists budgets by id.
     *
     * @param request who asks and from where
     * @param tenantId only this tenant's (required for tenant administrators)
     * @param scope only this scope's, such as {@code key:key_01jd...}
     * @param limit page size, 1 to 1000 (default 100)
     * @param cursor the previous page's {@code next_cursor}
     * @return the page
     */
    @GET
    public Response list(@BeanParam AdminRequest request, @QueryParam("tenant_id") @Nullable String tenantId, @QueryParam("scope") @Nullable String scope,
            @QueryParam("limit") @Nullable String limit, @QueryParam("cursor") @Nullable String cursor) {
        AdminCall call = call(request);
        ScopeFilter filter = new ScopeFilter(optionalId("tenant_id", tenantId), scope("scope", scope));
        return ok(views().page(admin().budgets().list(call, filter, page(limit, cursor)), views()::budget));
    }

    /**
     * Reads a budget.
     *
     * @param request who asks and from where
     * @param id the budget's id
     * @return the budget
     */
    @GET
    @Path("{id}")
    public Response get(@BeanParam AdminRequest request, @PathParam("id") String id) {
        AdminCall call = call(request);
        return ok(views().budget(admin().budgets().get(call, id)));
    }

    /**
     * Changes a budget's amounts or period (fields left out stay; {@code soft_budget: null}
     * removes the alert threshold, {@code budget_duration: null} makes it never reset).
     *
     * @param request who asks and from where
     * @param id the budget's id
     * @param body the request body
     * @return the budget
     */
    @PATCH
    @Path("{id}")
    public Response update(@BeanParam AdminRequest request, @PathParam("id") String id, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, UPDATE);
        if (fields.has("max_budget") && !fields.present("max_budget")) {
            throw RequestFields.invalid("max_budget", "'max_budget' cannot be removed; delete the budget instead.");
        }
        BigDecimal max = fields.decimal("max_budget");
        boolean softGiven = fields.has("soft_budget");
        BigDecimal soft = fields.decimal("soft_budget");
        boolean durationGiven = fields.has("budget_duration");
        String duration = fields.string("budget_duration", 32);
        ResetPeriod period = duration == null ? ResetPeriod.of(ResetPeriod.Kind.NEVER)
                : Durations.resetPeriod("budget_duration", duration);
        Budget budget = admin().budgets().update(call, id, current -> new BudgetSpec(
                max != null ? max : current.maxBudget(), softGiven ? soft : current.softBudget(),
                durationGiven ? period : current.resetPeriod()));
        return ok(views().budget(budget));
    }

    /**
     * Deletes a budget.
     *
     * @param request who asks and from where
     * @param id the budget's id
     * @return {@code {"id":...,"object":"budget","deleted":true}}
     */
    @DELETE
    @Path("{id}")
    public Response delete(@BeanParam AdminRequest request, @PathParam("id") String id) {
        AdminCall call = call(request);
        return deleted(admin().budgets().delete(call, id).id(), "budget");
    }
}
