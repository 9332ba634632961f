package dev.ditto.gateway.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.control.AccessDeniedException;
import dev.ditto.control.AdminPrincipal;
import dev.ditto.control.AdminRole;
import dev.ditto.control.Authenticator;
import dev.ditto.control.Caller;
import dev.ditto.control.Credentials;
import dev.ditto.control.PageRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.admin.AdminCall;
import dev.ditto.control.admin.Administration;
import dev.ditto.control.admin.IssuedKey;
import dev.ditto.control.admin.KeyAdmin;
import dev.ditto.control.admin.KeyChanges;
import dev.ditto.control.admin.NewKey;
import dev.ditto.control.keys.KeyFilter;
import dev.ditto.control.keys.VirtualKey;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
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
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * LiteLLM's key management: {@code POST /key/generate}, {@code GET /key/info?key=},
 * {@code POST /key/update}, {@code POST /key/delete}, {@code GET /key/list}, with LiteLLM's
 * field names. A key is named by the key itself or by its id (LiteLLM's {@code token}).
 */
@Path("key")
@Produces(MediaType.APPLICATION_JSON)
public final class LiteLlmKeysResource extends LiteLlmResource {

    private static final Set<String> KEY_FIELDS = Set.of("key_alias", "duration", "models", "metadata", "blocked",
            "allowed_routes");
    private static final Set<String> OWNER_FIELDS = Set.of("user_id", "team_id", "organization_id", "tenant_id");
    /** Accepted whatever their value: they change nothing Ditto enforces. */
    private static final Set<String> IGNORED = Set.of("send_invite_email", "key_type");
    /** Accepted only empty: with a value they ask for something Ditto does not do. */
    private static final Set<String> IGNORED_WHEN_EMPTY = Set.of("spend", "aliases", "config", "permissions",
            "allowed_cache_controls", "model_max_budget", "model_rpm_limit", "model_tpm_limit", "tags", "guardrails",
            "policies", "prompts", "enforced_params", "object_permission", "allowed_passthrough_routes",
            "allowed_vector_store_indexes", "rpm_limit_type", "tpm_limit_type", "router_settings", "access_group_ids",
            "budget_id", "auto_rotate", "rotation_interval", "agent_id", "project_id", "temp_budget_increase",
            "temp_budget_expiry");
    private static final Set<String> GENERATE = union(KEY_FIELDS, OWNER_FIELDS, QUOTA_FIELDS, IGNORED,
            IGNORED_WHEN_EMPTY, Set.of("key"));
    private static final Set<String> UPDATE = GENERATE;
    private static final Set<String> DELETE = Set.of("keys", "key_aliases");
    private static final Set<String> BLOCK = Set.of("key");
    private static final Set<String> REGENERATE = Set.of("key", "grace_period");

    private final @Nullable Authenticator keys;

    /**
     * Creates the resource.
     *
     * @param gate who the caller is
     * @param admin the admin operations
     * @param views the JSON views
     * @param keys the data plane's authenticator, through which a virtual key describes itself at
     *     {@code /key/info}; null when keys may not
     */
    public LiteLlmKeysResource(AdminGate gate, Administration admin, AdminViews views, @Nullable Authenticator keys) {
        super(gate, admin, views);
        this.keys = keys;
    }

    /**
     * Issues a key, with its budget and limit from {@code max_budget}, {@code rpm_limit} and
     * the like, in one transaction. {@code key} may bring an existing LiteLLM key along.
     *
     * @param request who asks and from where
     * @param body the request body
     * @return the key (shown this once) and its record, in LiteLLM's shape
     */
    @POST
    @Path("generate")
    public Response generate(@BeanParam AdminRequest request, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, GENERATE);
        List<String> ignored = ignored(fields, IGNORED, IGNORED_WHEN_EMPTY);
        NewKey spec = new NewKey(tenant(fields), fields.id("team_id"), fields.id("user_id"),
                fields.string("key_alias", RequestFields.NAME_LENGTH), fields.strings("models"),
                fields.strings("allowed_routes"), AdminKeysResource.expiry(fields, admin().clock().instant()),
                fields.metadata("metadata"), Boolean.TRUE.equals(fields.bool("blocked")));
        String secret = fields.string("key", 256);
        IssuedKey issued = admin().inTransaction(tx -> {
            IssuedKey created = tx.keys().create(call, spec, secret);
            applyQuotas(tx, call, fields, Scope.key(created.key().id()), created.key().tenantId());
            return created;
        });
        ObjectNode answer = keyInfo(call, issued.key()).put("key", issued.secret()).put("token_id", issued.key().id())
                .put("created_by", call.principal().actor());
        return answer(200, answer, ignored);
    }

    /**
     * Describes a key: {@code {"key": ..., "info": {...}}}. An administrator names the key; a
     * virtual key presented as the bearer, as LiteLLM allows, describes itself (its spend and
     * what is left of its budget), with {@code key} left out or naming that same key; any other
     * key is 403 {@code key_forbidden}.
     *
     * @param request who asks and from where
     * @param key the key itself, or its id
     * @return the key's record, spend, budget and limits (never the key or its hash)
     */
    @GET
    @Path("info")
    public Response info(@BeanParam AdminRequest request, @QueryParam("key") @Nullable String key) {
        String bearer = bearer(request);
        Caller self = virtualKey(request, bearer);
        if (self != null) {
            return describeItself(request, key, bearer, self);
        }
        AdminCall call = call(request);
        if (key == null || key.isBlank()) {
            throw RequestFields.invalid("key", "'key' is required: the key itself or its id (token).");
        }
        return describe(call, admin().keys().find(call, key.trim()));
    }

    /** The virtual key presented as the bearer; null for anything else (an admin's credential, none, a refused key). */
    private @Nullable Caller virtualKey(AdminRequest request, @Nullable String bearer) {
        if (keys == null || bearer == null) {
            return null;
        }
        try {
            Caller caller = keys.authenticate(new Credentials(bearer, "/key/info", request.servletRequest().getRemoteAddr()));
            return Caller.ANONYMOUS.equals(caller.keyId()) || Caller.MASTER.equals(caller.keyId()) ? null : caller;
        } catch (AccessDeniedException notAValidKey) {
            return null;
        }
    }

    /**
     * A virtual key's own record: read on the gateway's behalf (nothing but this key's record,
     * spend and quotas), never with any right of the key's.
     */
    private Response describeItself(AdminRequest request, @Nullable String named, String bearer, Caller self) {
        if (named != null && !named.isBlank() && !named.trim().equals(bearer) && !named.trim().equals(self.keyId())) {
            throw new ApiException(new ApiError(403, ApiError.PERMISSION, "key_forbidden",
                    "A virtual key may only describe itself; leave 'key' out or name this key.", "key"));
        }
        AdminCall call = callAs(new AdminPrincipal("key:" + self.keyId(), AdminRole.GLOBAL_VIEWER, null), request);
        return describe(call, admin().keys().get(call, self.keyId()));
    }

    private static @Nullable String bearer(AdminRequest request) {
        String authorization = request.headers().getHeaderString("authorization");
        if (authorization == null || authorization.length() <= 7
                || !authorization.regionMatches(true, 0, "bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private Response describe(AdminCall call, VirtualKey found) {
        ObjectNode answer = views().object().put("key", found.id());
        answer.set("info", keyInfo(call, found));
        return ok(answer);
    }

    /**
     * Changes a key: {@code {"key": ..., "models": [...], "max_budget": 5, ...}}; fields left
     * out stay. Owners cannot change.
     *
     * @param request who asks and from where
     * @param body the request body
     * @return the key's record after the change
     */
    @POST
    @Path("update")
    public Response update(@BeanParam AdminRequest request, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, UPDATE);
        List<String> ignored = ignored(fields, IGNORED, IGNORED_WHEN_EMPTY);
        String given = fields.requiredString("key", 256);
        UnaryOperator<KeyChanges> changes = AdminKeysResource.changes(fields, admin().clock().instant());
        VirtualKey updated = admin().inTransaction(tx -> {
            VirtualKey key = tx.keys().find(call, given);
            checkOwnersUnchanged(fields, key);
            VirtualKey changed = tx.keys().update(call, key.id(), changes);
            applyQuotas(tx, call, fields, Scope.key(key.id()), key.tenantId());
            return changed;
        });
        return answer(200, keyInfo(call, updated).put("key", updated.id()), ignored);
    }

    /**
     * Deletes keys, all or none: {@code {"keys": ["sk-...", "key_01jd..."]}}.
     *
     * @param request who asks and from where
     * @param body the request body
     * @return {@code {"deleted_keys": [...]}}, as given
     */
    @POST
    @Path("delete")
    public Response delete(@BeanParam AdminRequest request, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, DELETE);
        if (fields.present("key_aliases")) {
            throw RequestFields.invalid("key_aliases", "Deleting by 'key_aliases' is not supported by Ditto; "
                    + "pass the keys or their ids in 'keys'.");
        }
        Set<String> keys = fields.strings("keys");
        if (keys.isEmpty()) {
            throw RequestFields.invalid("keys", "'keys' must list the keys (or their ids) to delete.");
        }
        admin().inTransaction(tx -> {
            keys.forEach(key -> tx.keys().delete(call, tx.keys().find(call, key).id()));
            return null;
        });
        ObjectNode answer = views().object();
        ArrayNode deleted = answer.putArray("deleted_keys");
        keys.forEach(deleted::add);
        return ok(answer);
    }

    /**
     * Blocks a key: {@code {"key": "sk-..."}} (the key or its id). It is refused with 401
     * {@code key_blocked} until unblocked, on every replica at once.
     *
     * @param request who asks and from where
     * @param body the request body
     * @return the key's record, blocked
     */
    @POST
    @Path("block")
    public Response block(@BeanParam AdminRequest request, InputStream body) {
        return setBlocked(request, body, true);
    }

    /**
     * Unblocks a key: {@code {"key": "sk-..."}}.
     *
     * @param request who asks and from where
     * @param body the request body
     * @return the key's record, unblocked
     */
    @POST
    @Path("unblock")
    public Response unblock(@BeanParam AdminRequest request, InputStream body) {
        return setBlocked(request, body, false);
    }

    private Response setBlocked(AdminRequest request, InputStream body, boolean blocked) {
        AdminCall call = call(request);
        String given = body(body, BLOCK).requiredString("key", 256);
        VirtualKey changed = admin().inTransaction(tx -> tx.keys().setBlocked(call, tx.keys().find(call, given).id(),
                blocked));
        return ok(keyInfo(call, changed).put("key", changed.id()));
    }

    /**
     * Gives a key a new secret, keeping its id, owners, budget and limits:
     * {@code {"key": "sk-...", "grace_period": "24h"}}. The old secret keeps working for the
     * grace period (default none; at most 30 days), so clients can switch over.
     *
     * @param request who asks and from where
     * @param body the request body
     * @return the key's record with the new secret in {@code key}, shown this once
     */
    @POST
    @Path("regenerate")
    public Response regenerate(@BeanParam AdminRequest request, InputStream body) {
        RequestFields fields = body(body, REGENERATE);
        return regenerate(call(request), fields.requiredString("key", 256), fields);
    }

    /**
     * LiteLLM's other form: {@code POST /key/sk-.../regenerate}, the body optional.
     *
     * @param request who asks and from where
     * @param key the key or its id
     * @param body the request body, may be empty; a {@code key} in it must be the same
     * @return the key's record with the new secret in {@code key}, shown this once
     */
    @POST
    @Path("{key}/regenerate")
    public Response regenerate(@BeanParam AdminRequest request, @PathParam("key") String key, InputStream body) {
        RequestFields fields = optionalBody(body, REGENERATE);
        String named = fields.string("key", 256);
        if (named != null && !named.equals(key)) {
            throw RequestFields.invalid("key", "The body's 'key' names another key than the path; leave it out.");
        }
        return regenerate(call(request), key, fields);
    }

    private Response regenerate(AdminCall call, String given, RequestFields fields) {
        String grace = fields.string("grace_period", 32);
        Instant now = admin().clock().instant();
        Duration period = grace == null ? Duration.ZERO
                : Duration.between(now, Durations.after("grace_period", grace, now));
        if (period.compareTo(KeyAdmin.MAX_GRACE_PERIOD) > 0) {
            throw RequestFields.invalid("grace_period", "The grace period may be at most "
                    + KeyAdmin.MAX_GRACE_PERIOD.toDays() + " days (30d), got '" + grace + "'.");
        }
        IssuedKey issued = admin().inTransaction(tx -> tx.keys().rotate(call, tx.keys().find(call, given).id(), period));
        return ok(keyInfo(call, issued.key()).put("key", issued.secret()).put("token_id", issued.key().id()));
    }

    /**
     * Lists keys, LiteLLM's way: pages numbered from 1 of {@code size} keys (default 10, at most
     * 1000), as ids unless {@code return_full_object=true}. {@code total_count} and
     * {@code total_pages} are exact on the last page; before it, {@code total_pages} is the next
     * page's number, so a client paging until {@code current_page == total_pages} reads them all.
     *
     * @param request who asks and from where
     * @param page the page number, from 1
     * @param size keys per page
     * @param userId only this user's keys
     * @param teamId only this team's (project's) keys
     * @param organizationId only this tenant's keys (also {@code tenant_id}); a tenant
     *     administrator's own tenant when left out
     * @param tenantId the same as {@code organization_id}
     * @param keyAlias only keys with exactly this alias
     * @param fullObject whether to return the keys' records rather than their ids
     * @return {@code {"keys": [...], "total_count", "current_page", "total_pages", "next_cursor", "has_more"}}
     */
    @GET
    @Path("list")
    public Response list(@BeanParam AdminRequest request, @QueryParam("page") @Nullable String page, @QueryParam("size") @Nullable String size,
            @QueryParam("user_id") @Nullable String userId, @QueryParam("team_id") @Nullable String teamId,
            @QueryParam("organization_id") @Nullable String organizationId,
            @QueryParam("tenant_id") @Nullable String tenantId, @QueryParam("key_alias") @Nullable String keyAlias,
            @QueryParam("return_full_object") @Nullable String fullObject) {
        AdminCall call = call(request);
        int number = positive("page", page, 1, 100_000);
        KeyFilter filter = new KeyFilter(listTenant(call, organizationId, tenantId, teamId, userId, null),
                optionalId("team_id", teamId), optionalId("user_id", userId),
                keyAlias == null || keyAlias.isBlank() ? null : keyAlias);
        NumberedPage<VirtualKey> keys = numbered(number, positive("size", size, 10, PageRequest.MAX_LIMIT),
                pageRequest -> admin().keys().list(call, filter, pageRequest));
        ObjectNode answer = views().object();
        ArrayNode array = answer.putArray("keys");
        boolean full = "true".equalsIgnoreCase(fullObject);
        keys.items().forEach(key -> array.add(full ? keyInfo(call, key) : views().json().getNodeFactory().textNode(key.id())));
        return ok(answer.put("total_count", keys.total()).put("current_page", number).put("total_pages", keys.totalPages())
                .put("next_cursor", keys.nextCursor()).put("has_more", keys.more()));
    }

    private static void checkOwnersUnchanged(RequestFields fields, VirtualKey key) {
        sameOwner(fields, "user_id", key.userId());
        sameOwner(fields, "team_id", key.projectId());
        sameOrganization(fields, key.tenantId());
    }
}
