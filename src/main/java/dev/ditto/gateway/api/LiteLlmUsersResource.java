package dev.ditto.gateway.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.TimeRange;
import dev.ditto.control.admin.AdminCall;
import dev.ditto.control.admin.Administration;
import dev.ditto.control.admin.IssuedKey;
import dev.ditto.control.admin.NewKey;
import dev.ditto.control.keys.KeyFilter;
import dev.ditto.control.keys.VirtualKey;
import dev.ditto.control.spend.SpendFilter;
import dev.ditto.control.spend.SpendGrouping;
import dev.ditto.control.tenancy.User;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * LiteLLM's users: {@code POST /user/new} (which, as in LiteLLM, also issues the user a key
 * unless {@code auto_create_key} is false) and {@code GET /user/info?user_id=}. A user's
 * {@code max_budget} and rate limits become the user's budget and limit.
 */
@Path("user")
@Produces(MediaType.APPLICATION_JSON)
public final class LiteLlmUsersResource extends LiteLlmResource {

    /** Accepted whatever their value: sign-in, invitations and roles of LiteLLM's UI, which Ditto does not have. */
    private static final Set<String> IGNORED = Set.of("user_role", "teams", "send_invite_email", "sso_user_id",
            "password");
    /** Accepted only empty: with a value they ask for something Ditto does not do. */
    private static final Set<String> IGNORED_WHEN_EMPTY = Set.of("organizations", "spend", "aliases", "config",
            "permissions", "allowed_cache_controls", "model_max_budget", "model_rpm_limit", "model_tpm_limit",
            "guardrails", "policies", "prompts", "object_permission", "agent_id");
    private static final Set<String> NEW = union(Set.of("user_id", "user_email", "user_alias", "metadata",
            "organization_id", "tenant_id", "auto_create_key", "key_alias", "duration", "models", "team_id",
            "blocked"), QUOTA_FIELDS, IGNORED, IGNORED_WHEN_EMPTY);
    private static final Set<String> UPDATE = union(Set.of("user_id", "user_email", "user_alias", "metadata",
            "organization_id", "tenant_id"), QUOTA_FIELDS, IGNORED, IGNORED_WHEN_EMPTY);

    /**
     * Creates the resource.
     *
     * @param gate who the caller is
     * @param admin the admin operations
     * @param views the JSON views
     */
    public LiteLlmUsersResource(AdminGate gate, Administration admin, AdminViews views) {
        super(gate, admin, views);
    }

    /**
     * Creates a user with its budget and limit and, unless {@code auto_create_key} is false,
     * a key for it ({@code key_alias}, {@code models}, {@code duration}, {@code team_id} go to
     * the key), in one transaction.
     *
     * @param request who asks and from where
     * @param body the request body
     * @return the user and its key (shown this once), in LiteLLM's shape
     */
    @POST
    @Path("new")
    public Response create(@BeanParam AdminRequest request, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, NEW);
        List<String> ignored = ignored(fields, IGNORED, IGNORED_WHEN_EMPTY);
        String id = fields.id("user_id");
        String tenant = tenant(fields);
        String email = fields.string("user_email", RequestFields.EMAIL_LENGTH);
        String alias = fields.string("user_alias", RequestFields.NAME_LENGTH);
        boolean withKey = !Boolean.FALSE.equals(fields.bool("auto_create_key"));
        String teamId = fields.id("team_id");
        String keyAlias = fields.string("key_alias", RequestFields.NAME_LENGTH);
        Set<String> models = fields.strings("models");
        Instant expires = AdminKeysResource.expiry(fields, admin().clock().instant());
        boolean blocked = Boolean.TRUE.equals(fields.bool("blocked"));
        Created created = admin().inTransaction(tx -> {
            User user = tx.users().create(call, id, tenant, email, alias, fields.metadata("metadata"));
            applyQuotas(tx, call, fields, Scope.user(user.id()), user.tenantId());
            IssuedKey key = withKey ? tx.keys().create(call, new NewKey(user.tenantId(), teamId, user.id(), keyAlias,
                    models, Set.of(), expires, Map.of(), blocked)) : null;
            return new Created(user, key);
        });
        ObjectNode answer = user(call, created.user());
        if (created.key() != null) {
            VirtualKey key = created.key().key();
            answer.put("key", created.secret()).put("key_name", key.displayPrefix()).put("key_alias", key.alias())
                    .put("token", key.id()).put("expires", AdminViews.time(key.expiresAt()))
                    .put("team_id", key.projectId());
            strings(answer, "models", key.allowedModels());
        } else {
            answer.putNull("key");
        }
        answer.putArray("teams");
        return answer(200, answer, ignored);
    }

    /**
     * Changes a user: {@code {"user_id": ..., "user_email": ..., "max_budget": 5, ...}}; fields
     * left out stay, {@code max_budget: null} removes the budget. A user cannot move to another
     * organization.
     *
     * @param request who asks and from where
     * @param body the request body
     * @return {@code {"user_id": ..., "data": {...}}}, the user after the change
     */
    @POST
    @Path("update")
    public Response update(@BeanParam AdminRequest request, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, UPDATE);
        List<String> ignored = ignored(fields, IGNORED, IGNORED_WHEN_EMPTY);
        String id = fields.requiredString("user_id", 256);
        boolean emailGiven = fields.has("user_email");
        String email = fields.string("user_email", RequestFields.EMAIL_LENGTH);
        boolean aliasGiven = fields.has("user_alias");
        String alias = fields.string("user_alias", RequestFields.NAME_LENGTH);
        Map<String, String> metadata = fields.has("metadata") ? fields.metadata("metadata") : null;
        User updated = admin().inTransaction(tx -> {
            User current = tx.users().get(call, id);
            sameOrganization(fields, current.tenantId());
            User changed = emailGiven || aliasGiven || metadata != null
                    ? tx.users().update(call, id, user -> user.with(emailGiven ? email : user.email(),
                            aliasGiven ? alias : user.alias(), metadata != null ? metadata : user.metadata(),
                            user.updatedAt()))
                    : current;
            applyQuotas(tx, call, fields, Scope.user(id), current.tenantId());
            return changed;
        });
        ObjectNode answer = views().object().put("user_id", updated.id());
        answer.set("data", user(call, updated));
        return answer(200, answer, ignored);
    }

    /**
     * Deletes users, all or none: {@code {"user_ids": ["ann@acme.example"]}}. A user whose keys
     * remain is not deleted (409): delete its keys first.
     *
     * @param request who asks and from where
     * @param body the request body
     * @return {@code {"deleted_users": [...]}}
     */
    @POST
    @Path("delete")
    public Response delete(@BeanParam AdminRequest request, InputStream body) {
        AdminCall call = call(request);
        return deleteAll(body, "user_ids", "deleted_users", (tx, id) -> tx.users().delete(call, id));
    }

    /**
     * Describes a user: {@code {"user_id", "user_info": {...}, "keys": [...], "teams": [...]}}
     * with its first {@value LiteLlmTeamsResource#KEYS_SHOWN} keys and the teams of those keys.
     *
     * @param request who asks and from where
     * @param userId the user's id
     * @return the user
     */
    @GET
    @Path("info")
    public Response info(@BeanParam AdminRequest request, @QueryParam("user_id") @Nullable String userId) {
        AdminCall call = call(request);
        if (userId == null || userId.isBlank()) {
            throw RequestFields.invalid("user_id", "'user_id' is required.");
        }
        User user = admin().users().get(call, userId.trim());
        ObjectNode answer = views().object().put("user_id", user.id());
        answer.set("user_info", user(call, user));
        Page<VirtualKey> keys = admin().keys().list(call, new KeyFilter(user.tenantId(), null, user.id()),
                PageRequest.first(LiteLlmTeamsResource.KEYS_SHOWN));
        ArrayNode array = answer.putArray("keys");
        Set<String> teams = new TreeSet<>();
        keys.items().forEach(key -> {
            array.add(keySummary(key));
            if (key.projectId() != null) {
                teams.add(key.projectId());
            }
        });
        ArrayNode teamArray = answer.putArray("teams");
        teams.forEach(team -> teamArray.addObject().put("team_id", team));
        return ok(answer);
    }

    /**
     * Lists users, LiteLLM's way: {@code {"users": [...], "total", "page", "page_size",
     * "total_pages"}}, pages numbered from 1 of {@code page_size} users (default 25, at most
     * 1000), of an organization ({@code organization_id}, also {@code tenant_id}; a tenant
     * administrator's own when left out) or of every organization for a global role. As with
     * {@code /key/list}, {@code total} is known on the last page only ({@code null} before) and
     * {@code total_pages} is then the next page's number.
     *
     * @param request who asks and from where
     * @param page the page number, from 1
     * @param pageSize users per page
     * @param organizationId only this organization's users
     * @param tenantId the same as {@code organization_id}
     * @return the page
     */
    @GET
    @Path("list")
    public Response list(@BeanParam AdminRequest request, @QueryParam("page") @Nullable String page,
            @QueryParam("page_size") @Nullable String pageSize, @QueryParam("organization_id") @Nullable String organizationId,
            @QueryParam("tenant_id") @Nullable String tenantId) {
        AdminCall call = call(request);
        int number = positive("page", page, 1, 100_000);
        int size = positive("page_size", pageSize, 25, PageRequest.MAX_LIMIT);
        String tenant = listTenant(call, organizationId, tenantId, null, null, null);
        NumberedPage<User> users = numbered(number, size, pageRequest -> admin().users().list(call, tenant, pageRequest));
        ObjectNode answer = views().object();
        ArrayNode array = answer.putArray("users");
        users.items().forEach(user -> array.add(user(call, user)));
        return ok(answer.put("total", users.total()).put("page", number).put("page_size", size)
                .put("total_pages", users.totalPages()));
    }

    private ObjectNode user(AdminCall call, User user) {
        ObjectNode node = views().object().put("user_id", user.id()).put("user_email", user.email())
                .put("user_alias", user.alias()).put("organization_id", user.tenantId()).put("tenant_id", user.tenantId());
        node.set("metadata", views().user(user).get("metadata"));
        putSpend(node, call, new SpendFilter(user.tenantId(), null, user.id(), null, null, TimeRange.all()),
                SpendGrouping.USER);
        putQuotas(node, call, Scope.user(user.id()), user.tenantId());
        return node.put("created_at", AdminViews.time(user.createdAt())).put("updated_at", AdminViews.time(user.updatedAt()));
    }

    /** A user and, unless declined, its first key. */
    private record Created(User user, @Nullable IssuedKey key) {

        @Nullable String secret() {
            return key == null ? null : key.secret();
        }
    }
}
