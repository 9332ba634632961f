package dev.ditto.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.control.admin.AdminCall;
import dev.ditto.control.admin.Administration;
import dev.ditto.control.admin.IssuedKey;
import dev.ditto.control.admin.KeyChanges;
import dev.ditto.control.admin.NewKey;
import dev.ditto.control.keys.KeyFilter;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * {@code /admin/keys}: issue (the key is in the answer this once), list, read, change, rotate
 * with a grace period, block, unblock and delete. Every change reaches the key caches at once.
 */
@Path("admin/keys")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminKeysResource extends AdminResource {

    private static final Set<String> CREATE = Set.of("tenant_id", "project_id", "user_id", "key_alias", "models",
            "allowed_routes", "expires", "duration", "metadata", "blocked");
    private static final Set<String> UPDATE = Set.of("key_alias", "models", "allowed_routes", "expires", "duration",
            "metadata", "blocked");
    private static final Set<String> ROTATE = Set.of("grace_period_seconds");

    /**
     * Creates the resource.
     *
     * @param gate who the caller is
     * @param admin the admin operations
     * @param views the JSON views
     */
    public AdminKeysResource(AdminGate gate, Administration admin, AdminViews views) {
        super(gate, admin, views);
    }

    /**
     * Issues a key. The answer holds the key itself in {@code key}: show it once, it is not stored.
     *
     * @param request who asks and from where
     * @param body the request body
     * @return 201 with the key record and {@code key}
     */
    @POST
    public Response create(@BeanParam AdminRequest request, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, CREATE);
        NewKey spec = new NewKey(fields.id("tenant_id"), fields.id("project_id"), fields.id("user_id"),
                fields.string("key_alias", RequestFields.NAME_LENGTH), fields.strings("models"),
                fields.strings("allowed_routes"), expiry(fields, admin().clock().instant()), fields.metadata("metadata"),
                Boolean.TRUE.equals(fields.bool("blocked")));
        return created(issued(admin().keys().create(call, spec)));
    }

    /**
     * Lists keys by id.
     *
     * @param request who asks and from where
     * @param tenantId only this tenant's (required for tenant administrators)
     * @param projectId only this project's
     * @param userId only this user's
     * @param limit page size, 1 to 1000 (default 100)
     * @param cursor the previous page's {@code next_cursor}
     * @return the page
     */
    @GET
    public Response list(@BeanParam AdminRequest request, @QueryParam("tenant_id") @Nullable String tenantId,
            @QueryParam("project_id") @Nullable String projectId, @QueryParam("user_id") @Nullable String userId,
            @QueryParam("limit") @Nullable String limit, @QueryParam("cursor") @Nullable String cursor) {
        AdminCall call = call(request);
        KeyFilter filter = new KeyFilter(optionalId("tenant_id", tenantId), optionalId("project_id", projectId),
                optionalId("user_id", userId));
        return ok(views().page(admin().keys().list(call, filter, page(limit, cursor)), views()::key));
    }

    /**
     * Reads a key.
     *
     * @param request who asks and from where
     * @param id the key's id
     * @return the key record (never the key)
     */
    @GET
    @Path("{id}")
    public Response get(@BeanParam AdminRequest request, @PathParam("id") String id) {
        AdminCall call = call(request);
        return ok(views().key(admin().keys().get(call, id)));
    }

    /**
     * Changes a key's alias, models, routes, expiry, metadata or block (fields left out stay).
     *
     * @param request who asks and from where
     * @param id the key's id
     * @param body the request body
     * @return the key record
     */
    @PATCH
    @Path("{id}")
    public Response update(@BeanParam AdminRequest request, @PathParam("id") String id, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, UPDATE);
        return ok(views().key(admin().keys().update(call, id, changes(fields, admin().clock().instant()))));
    }

    /**
     * Gives a key a new secret: {@code {"grace_period_seconds": 3600}} keeps the old one working
     * for an hour (default 0: the old key stops at once).
     *
     * @param request who asks and from where
     * @param id the key's id
     * @param body the request body, may be empty
     * @return the key record with the new key in {@code key}, shown this once
     */
    @POST
    @Path("{id}/rotate")
    public Response rotate(@BeanParam AdminRequest request, @PathParam("id") String id, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = optionalBody(body, ROTATE);
        Long grace = fields.integer("grace_period_seconds", 0, Long.MAX_VALUE / 2);
        return ok(issued(admin().keys().rotate(call, id, Duration.ofSeconds(grace == null ? 0 : grace))));
    }

    /**
     * Blocks a key: it is refused with 401 until unblocked.
     *
     * @param request who asks and from where
     * @param id the key's id
     * @return the key record
     */
    @POST
    @Path("{id}/block")
    public Response block(@BeanParam AdminRequest request, @PathParam("id") String id) {
        AdminCall call = call(request);
        return ok(views().key(admin().keys().setBlocked(call, id, true)));
    }

    /**
     * Unblocks a key.
     *
     * @param request who asks and from where
     * @param id the key's id
     * @return the key record
     */
    @POST
    @Path("{id}/unblock")
    public Response unblock(@BeanParam AdminRequest request, @PathParam("id") String id) {
        AdminCall call = call(request);
        return ok(views().key(admin().keys().setBlocked(call, id, false)));
    }

    /**
     * Deletes a key; it stops working at once.
     *
     * @param request who asks and from where
     * @param id the key's id
     * @return {@code {"id":...,"object":"key","deleted":true}}
     */
    @DELETE
    @Path("{id}")
    public Response delete(@BeanParam AdminRequest request, @PathParam("id") String id) {
        AdminCall call = call(request);
        return deleted(admin().keys().delete(call, id).id(), "key");
    }

    private ObjectNode issued(IssuedKey issued) {
        return views().key(issued.key()).put("key", issued.secret());
    }

    /** The expiry a request asks for: {@code expires} (a time, or null for never) or {@code duration} from now. */
    static @Nullable Instant expiry(RequestFields fields, Instant now) {
        if (fields.present("expires") && fields.present("duration")) {
            throw RequestFields.invalid("duration", "Give either 'expires' or 'duration', not both.");
        }
        String duration = fields.string("duration", 32);
        return duration != null ? Durations.after("duration", duration, now) : fields.instant("expires");
    }

    /** The changes a PATCH asks for: only the fields it has. */
    static UnaryOperator<KeyChanges> changes(RequestFields fields, Instant now) {
        boolean aliasGiven = fields.has("key_alias");
        String alias = fields.string("key_alias", RequestFields.NAME_LENGTH);
        Set<String> models = fields.has("models") ? fields.strings("models") : null;
        Set<String> routes = fields.has("allowed_routes") ? fields.strings("allowed_routes") : null;
        boolean expiryGiven = fields.has("expires") || fields.has("duration");
        Instant expires = expiry(fields, now);
        Map<String, String> metadata = fields.has("metadata") ? fields.metadata("metadata") : null;
        Boolean blocked = fields.bool("blocked");
        return current -> {
            KeyChanges changed = current;
            changed = aliasGiven ? changed.withAlias(alias) : changed;
            changed = models != null ? changed.withModels(models) : changed;
            changed = routes != null ? changed.withRoutes(routes) : changed;
            changed = expiryGiven ? changed.withExpiresAt(expires) : changed;
            changed = metadata != null ? changed.withMetadata(metadata) : changed;
            return blocked != null ? changed.withBlocked(blocked) : changed;
        };
    }
}
