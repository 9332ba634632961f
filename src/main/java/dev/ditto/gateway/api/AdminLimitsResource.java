package dev.ditto.gateway.api;

import dev.ditto.control.Scope;
import dev.ditto.control.ScopeFilter;
import dev.ditto.control.admin.AdminCall;
import dev.ditto.control.admin.Administration;
import dev.ditto.control.admin.LimitSpec;
import dev.ditto.control.limits.LimitAlgorithm;
import dev.ditto.control.limits.LimitDefinition;
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
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * {@code /admin/limits}: rate limits of a key, user, project or tenant, with LiteLLM's
 * {@code rpm_limit}, {@code tpm_limit} and {@code max_parallel_requests}, optionally for one
 * model group ({@code model}) or route group ({@code route_group}).
 */
@Path("admin/limits")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminLimitsResource extends AdminResource {

    private static final Set<String> UPDATE = Set.of("rpm_limit", "tpm_limit", "max_parallel_requests", "model",
            "route_group", "algorithm");
    private static final Set<String> CREATE = union(UPDATE, "scope");

    /**
     * Creates the resource.
     *
     * @param gate who the caller is
     * @param admin the admin operations
     * @param views the JSON views
     */
    public AdminLimitsResource(AdminGate gate, Administration admin, AdminViews views) {
        super(gate, admin, views);
    }

    /**
     * Creates a limit: {@code {"scope":"key:key_...","rpm_limit":60,"tpm_limit":100000}}.
     *
     * @param request who asks and from where
     * @param body the request body
     * @return 201 with the limit
     */
    @POST
    public Response create(@BeanParam AdminRequest request, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, CREATE);
        Scope scope = Objects.requireNonNull(scope("scope", fields.requiredString("scope", 128)));
        LimitSpec spec = changes(fields).apply(null);
        return created(views().limit(admin().limits().create(call, scope, spec)));
    }

    /**
     * Lists limits by id.
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
        return ok(views().page(admin().limits().list(call, filter, page(limit, cursor)), views()::limit));
    }

    /**
     * Reads a limit.
     *
     * @param request who asks and from where
     * @param id the limit's id
     * @return the limit
     */
    @GET
    @Path("{id}")
    public Response get(@BeanParam AdminRequest request, @PathParam("id") String id) {
        AdminCall call = call(request);
        return ok(views().limit(admin().limits().get(call, id)));
    }

    /**
     * Changes a limit (fields left out stay; a number set to null is no longer limited).
     *
     * @param request who asks and from where
     * @param id the limit's id
     * @param body the request body
     * @return the limit
     */
    @PATCH
    @Path("{id}")
    public Response update(@BeanParam AdminRequest request, @PathParam("id") String id, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, UPDATE);
        UnaryOperator<@Nullable LimitSpec> change = changes(fields);
        LimitDefinition limit = admin().limits().update(call, id, current -> Objects.requireNonNull(change.apply(current)));
        return ok(views().limit(limit));
    }

    /**
     * Deletes a limit.
     *
     * @param request who asks and from where
     * @param id the limit's id
     * @return {@code {"id":...,"object":"limit","deleted":true}}
     */
    @DELETE
    @Path("{id}")
    public Response delete(@BeanParam AdminRequest request, @PathParam("id") String id) {
        AdminCall call = call(request);
        return deleted(admin().limits().delete(call, id).id(), "limit");
    }

    /** The spec a request asks for, over the current one (null for a new limit). */
    private static UnaryOperator<@Nullable LimitSpec> changes(RequestFields fields) {
        Long rpm = fields.integer("rpm_limit", 1, Integer.MAX_VALUE);
        Long tpm = fields.integer("tpm_limit", 1, Long.MAX_VALUE);
        Long parallel = fields.integer("max_parallel_requests", 1, Integer.MAX_VALUE);
        String model = fields.string("model", RequestFields.NAME_LENGTH);
        String route = fields.string("route_group", RequestFields.NAME_LENGTH);
        String algorithmName = fields.string("algorithm", 32);
        LimitAlgorithm algorithm;
        try {
            algorithm = algorithmName == null ? null : LimitAlgorithm.ofWireName(algorithmName);
        } catch (IllegalArgumentException e) {
            throw RequestFields.invalid("algorithm", e.getMessage() + ".");
        }
        return current -> new LimitSpec(
                pick(fields, "rpm_limit", rpm == null ? null : rpm.intValue(), current == null ? null : current.rpm()),
                pick(fields, "tpm_limit", tpm, current == null ? null : current.tpm()),
                pick(fields, "max_parallel_requests", parallel == null ? null : parallel.intValue(),
                        current == null ? null : current.maxParallel()),
                pick(fields, "model", model, current == null ? null : current.model()),
                pick(fields, "route_group", route, current == null ? null : current.routeGroup()),
                algorithm != null ? algorithm : current != null ? current.algorithm() : LimitAlgorithm.SLIDING_WINDOW);
    }

    private static <T> @Nullable T pick(RequestFields fields, String name, @Nullable T given, @Nullable T current) {
        return fields.has(name) ? given : current;
    }

    private static Set<String> union(Set<String> set, String extra) {
        Set<String> all = new java.util.HashSet<>(set);
        all.add(extra);
        return Set.copyOf(all);
    }
}
