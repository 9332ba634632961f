package dev.ditto.gateway.api;

import dev.ditto.control.admin.AdminCall;
import dev.ditto.control.admin.Administration;
import dev.ditto.control.tenancy.Tenant;
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
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code /admin/tenants}: create (global admins), list (global roles), read and change (also
 * the tenant's own administrators), delete (global admins, once the tenant owns nothing).
 */
@Path("admin/tenants")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminTenantsResource extends AdminResource {

    private static final Set<String> CREATE = Set.of("id", "name", "metadata");
    private static final Set<String> UPDATE = Set.of("name", "metadata");

    /**
     * Creates the resource.
     *
     * @param gate who the caller is
     * @param admin the admin operations
     * @param views the JSON views
     */
    public AdminTenantsResource(AdminGate gate, Administration admin, AdminViews views) {
        super(gate, admin, views);
    }

    /**
     * Creates a tenant: {@code {"name":"Acme","id":"acme","metadata":{...}}} (id optional).
     *
     * @param request who asks and from where
     * @param body the request body
     * @return 201 with the tenant
     */
    @POST
    public Response create(@BeanParam AdminRequest request, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, CREATE);
        Tenant tenant = admin().tenants().create(call, fields.id("id"),
                fields.requiredString("name", RequestFields.NAME_LENGTH), fields.metadata("metadata"));
        return created(views().tenant(tenant));
    }

    /**
     * Lists tenants by id.
     *
     * @param request who asks and from where
     * @param limit page size, 1 to 1000 (default 100)
     * @param cursor the previous page's {@code next_cursor}
     * @return the page
     */
    @GET
    public Response list(@BeanParam AdminRequest request, @QueryParam("limit") @Nullable String limit, @QueryParam("cursor") @Nullable String cursor) {
        AdminCall call = call(request);
        return ok(views().page(admin().tenants().list(call, page(limit, cursor)), views()::tenant));
    }

    /**
     * Reads a tenant.
     *
     * @param request who asks and from where
     * @param id the tenant's id
     * @return the tenant
     */
    @GET
    @Path("{id}")
    public Response get(@BeanParam AdminRequest request, @PathParam("id") String id) {
        AdminCall call = call(request);
        return ok(views().tenant(admin().tenants().get(call, id)));
    }

    /**
     * Changes a tenant's name or metadata (fields left out stay as they are).
     *
     * @param request who asks and from where
     * @param id the tenant's id
     * @param body the request body
     * @return the tenant
     */
    @PATCH
    @Path("{id}")
    public Response update(@BeanParam AdminRequest request, @PathParam("id") String id, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, UPDATE);
        String name = fields.has("name") ? fields.requiredString("name", RequestFields.NAME_LENGTH) : null;
        Map<String, String> metadata = fields.has("metadata") ? fields.metadata("metadata") : null;
        Tenant tenant = admin().tenants().update(call, id, current -> new Tenant(id,
                name != null ? name : current.name(), metadata != null ? metadata : current.metadata(),
                current.createdAt(), current.updatedAt()));
        return ok(views().tenant(tenant));
    }

    /**
     * Deletes a tenant that has no projects, users or keys.
     *
     * @param request who asks and from where
     * @param id the tenant's id
     * @return {@code {"id":...,"object":"tenant","deleted":true}}
     */
    @DELETE
    @Path("{id}")
    public Response delete(@BeanParam AdminRequest request, @PathParam("id") String id) {
        AdminCall call = call(request);
        return deleted(admin().tenants().delete(call, id).id(), "tenant");
    }
}
