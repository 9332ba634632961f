package dev.ditto.gateway.api;

import dev.ditto.control.admin.AdminCall;
import dev.ditto.control.admin.Administration;
import dev.ditto.control.tenancy.User;
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

/** {@code /admin/users}: create, list (by tenant), read, change, delete (once no key belongs to the user). */
@Path("admin/users")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminUsersResource extends AdminResource {

    private static final Set<String> CREATE = Set.of("id", "tenant_id", "email", "alias", "metadata");
    private static final Set<String> UPDATE = Set.of("email", "alias", "metadata");

    /**
     * Creates the resource.
     *
     * @param gate who the caller is
     * @param admin the admin operations
     * @param views the JSON views
     */
    public AdminUsersResource(AdminGate gate, Administration admin, AdminViews views) {
        super(gate, admin, views);
    }

    /**
     * Creates a user: {@code {"tenant_id":"...","email":"a@b.c","alias":"Ann","id":"...","metadata":{...}}}.
     *
     * @param request who asks and from where
     * @param body the request body
     * @return 201 with the user
     */
    @POST
    public Response create(@BeanParam AdminRequest request, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, CREATE);
        User user = admin().users().create(call, fields.id("id"), fields.id("tenant_id"),
                fields.string("email", RequestFields.EMAIL_LENGTH), fields.string("alias", RequestFields.NAME_LENGTH),
                fields.metadata("metadata"));
        return created(views().user(user));
    }

    /**
     * Lists users by id.
     *
     * @param request who asks and from where
     * @param tenantId only this tenant's (required for tenant administrators)
     * @param limit page size, 1 to 1000 (default 100)
     * @param cursor the previous page's {@code next_cursor}
     * @return the page
     */
    @GET
    public Response list(@BeanParam AdminRequest request, @QueryParam("tenant_id") @Nullable String tenantId, @QueryParam("limit") @Nullable String limit,
            @QueryParam("cursor") @Nullable String cursor) {
        AdminCall call = call(request);
        return ok(views().page(admin().users().list(call, optionalId("tenant_id", tenantId), page(limit, cursor)),
                views()::user));
    }

    /**
     * Reads a user.
     *
     * @param request who asks and from where
     * @param id the user's id
     * @return the user
     */
    @GET
    @Path("{id}")
    public Response get(@BeanParam AdminRequest request, @PathParam("id") String id) {
        AdminCall call = call(request);
        return ok(views().user(admin().users().get(call, id)));
    }

    /**
     * Changes a user's e-mail, alias or metadata (fields left out stay as they are).
     *
     * @param request who asks and from where
     * @param id the user's id
     * @param body the request body
     * @return the user
     */
    @PATCH
    @Path("{id}")
    public Response update(@BeanParam AdminRequest request, @PathParam("id") String id, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, UPDATE);
        boolean emailGiven = fields.has("email");
        boolean aliasGiven = fields.has("alias");
        String email = fields.string("email", RequestFields.EMAIL_LENGTH);
        String alias = fields.string("alias", RequestFields.NAME_LENGTH);
        Map<String, String> metadata = fields.has("metadata") ? fields.metadata("metadata") : null;
        User user = admin().users().update(call, id, current -> current.with(emailGiven ? email : current.email(),
                aliasGiven ? alias : current.alias(), metadata != null ? metadata : current.metadata(),
                current.updatedAt()));
        return ok(views().user(user));
    }

    /**
     * Deletes a user that no key belongs to.
     *
     * @param request who asks and from where
     * @param id the user's id
     * @return {@code {"id":...,"object":"user","deleted":true}}
     */
    @DELETE
    @Path("{id}")
    public Response delete(@BeanParam AdminRequest request, @PathParam("id") String id) {
        AdminCall call = call(request);
        return deleted(admin().users().delete(call, id).id(), "user");
    }
}
