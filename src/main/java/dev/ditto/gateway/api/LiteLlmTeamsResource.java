package dev.ditto.gateway.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.TimeRange;
import dev.ditto.control.admin.AdminCall;
import dev.ditto.control.admin.Administration;
import dev.ditto.control.keys.KeyFilter;
import dev.ditto.control.keys.VirtualKey;
import dev.ditto.control.spend.SpendFilter;
import dev.ditto.control.spend.SpendGrouping;
import dev.ditto.control.tenancy.Project;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * LiteLLM's teams, which are Ditto's projects: {@code POST /team/new} and
 * {@code GET /team/info?team_id=}. A team's {@code max_budget} and rate limits become the
 * project's budget and limit.
 */
@Path("team")
@Produces(MediaType.APPLICATION_JSON)
public final class LiteLlmTeamsResource extends LiteLlmResource {

    /** Keys listed by {@code /team/info}. */
    static final int KEYS_SHOWN = 100;
    /** Teams listed by {@code /team/list} at most. */
    static final int LISTED = 1000;

    /** Accepted whatever their value: team membership, which Ditto does not keep. */
    private static final Set<String> IGNORED = Set.of("members_with_roles", "admins", "members");
    /** Accepted only empty: with a value they ask for something Ditto does not do for teams. */
    private static final Set<String> IGNORED_WHEN_EMPTY = Set.of("models", "blocked", "tags", "guardrails", "policies",
            "prompts", "model_aliases", "object_permission", "allowed_passthrough_routes", "secret_manager_settings",
            "model_rpm_limit", "model_tpm_limit", "rpm_limit_type", "tpm_limit_type", "team_member_permissions",
            "team_member_budget", "team_member_rpm_limit", "team_member_tpm_limit", "team_member_key_duration",
            "team_member_budget_duration", "allowed_vector_store_indexes", "enforced_batch_output_expires_after",
            "enforced_file_expires_after", "router_settings", "access_group_ids");
    private static final Set<String> NEW = union(Set.of("team_id", "team_alias", "metadata", "organization_id",
            "tenant_id"), QUOTA_FIELDS, IGNORED, IGNORED_WHEN_EMPTY);
    private static final Set<String> UPDATE = NEW;

    /**
     * Creates the resource.
     *
     * @param gate who the caller is
     * @param admin the admin operations
     * @param views the JSON views
     */
    public LiteLlmTeamsResource(AdminGate gate, Administration admin, AdminViews views) {
        super(gate, admin, views);
    }

    /**
     * Creates a team (a project), with its budget and limit, in one transaction.
     *
     * @param request who asks and from where
     * @param body the request body
     * @return the team, in LiteLLM's shape
     */
    @POST
    @Path("new")
    public Response create(@BeanParam AdminRequest request, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, NEW);
        List<String> ignored = ignored(fields, IGNORED, IGNORED_WHEN_EMPTY);
        String id = fields.id("team_id");
        String tenant = tenant(fields);
        String alias = fields.string("team_alias", RequestFields.NAME_LENGTH);
        Project project = admin().inTransaction(tx -> {
            Project created = tx.projects().create(call, id, tenant, alias, fields.metadata("metadata"));
            applyQuotas(tx, call, fields, Scope.project(created.id()), created.tenantId());
            return created;
        });
        return answer(200, team(call, project), ignored);
    }

    /**
     * Changes a team: {@code {"team_id": ..., "team_alias": ..., "max_budget": 5, ...}}; fields
     * left out stay, {@code max_budget: null} removes the budget. A team cannot move to another
     * organization.
     *
     * @param request who asks and from where
     * @param body the request body
     * @return {@code {"team_id": ..., "data": {...}}}, the team after the change
     */
    @POST
    @Path("update")
    public Response update(@BeanParam AdminRequest request, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, UPDATE);
        List<String> ignored = ignored(fields, IGNORED, IGNORED_WHEN_EMPTY);
        String id = fields.requiredString("team_id", 256);
        boolean aliasGiven = fields.has("team_alias");
        String alias = fields.string("team_alias", RequestFields.NAME_LENGTH);
        Map<String, String> metadata = fields.has("metadata") ? fields.metadata("metadata") : null;
        Project updated = admin().inTransaction(tx -> {
            Project current = tx.projects().get(call, id);
            sameOrganization(fields, current.tenantId());
            Project changed = aliasGiven || metadata != null
                    ? tx.projects().update(call, id, project -> project.with(aliasGiven ? alias : project.alias(),
                            metadata != null ? metadata : project.metadata(), project.updatedAt()))
                    : current;
            applyQuotas(tx, call, fields, Scope.project(id), current.tenantId());
            return changed;
        });
        ObjectNode answer = views().object().put("team_id", updated.id());
        answer.set("data", team(call, updated));
        return answer(200, answer, ignored);
    }

    /**
     * Deletes teams, all or none: {@code {"team_ids": ["prj_..."]}}. A team whose keys remain
     * is not deleted (409): delete or move its keys first.
     *
     * @param request who asks and from where
     * @param body the request body
     * @return {@code {"deleted_teams": [...]}}
     */
    @POST
    @Path("delete")
    public Response delete(@BeanParam AdminRequest request, InputStream body) {
        AdminCall call = call(request);
        return deleteAll(body, "team_ids", "deleted_teams", (tx, id) -> tx.projects().delete(call, id));
    }

    /**
     * Describes a team: {@code {"team_id", "team_info": {...}, "keys": [...]}} with its first
     * {@value #KEYS_SHOWN} keys.
     *
     * @param request who asks and from where
     * @param teamId the team's (project's) id
     * @return the team
     */
    @GET
    @Path("info")
    public Response info(@BeanParam AdminRequest request, @QueryParam("team_id") @Nullable String teamId) {
        AdminCall call = call(request);
        if (teamId == null || teamId.isBlank()) {
            throw RequestFields.invalid("team_id", "'team_id' is required.");
        }
        Project project = admin().projects().get(call, teamId.trim());
        ObjectNode answer = views().object().put("team_id", project.id());
        answer.set("team_info", team(call, project));
        Page<VirtualKey> keys = admin().keys().list(call, new KeyFilter(project.tenantId(), project.id(), null),
                PageRequest.first(KEYS_SHOWN));
        ArrayNode array = answer.putArray("keys");
        keys.items().forEach(key -> array.add(keySummary(key)));
        answer.put("keys_has_more", keys.nextCursor() != null);
        return ok(answer);
    }

    /**
     * Lists teams as a JSON array, LiteLLM's way: an organization's ({@code organization_id},
     * also {@code tenant_id}; a tenant administrator's own when left out), or every team for a
     * global role, at most {@value #LISTED} ({@code x-ditto-has-more: true} when more exist;
     * {@code /admin/projects} pages through them all).
     *
     * @param request who asks and from where
     * @param organizationId only this organization's teams
     * @param tenantId the same as {@code organization_id}
     * @return the teams, each as {@code /team/new} answers it
     */
    @GET
    @Path("list")
    public Response list(@BeanParam AdminRequest request, @QueryParam("organization_id") @Nullable String organizationId,
            @QueryParam("tenant_id") @Nullable String tenantId) {
        AdminCall call = call(request);
        String tenant = listTenant(call, organizationId, tenantId, null, null, null);
        Page<Project> projects = admin().projects().list(call, tenant, PageRequest.first(LISTED));
        ArrayNode array = views().json().createArrayNode();
        projects.items().forEach(project -> array.add(team(call, project)));
        return array(array, projects.nextCursor() != null);
    }

    private ObjectNode team(AdminCall call, Project project) {
        ObjectNode node = views().object().put("team_id", project.id()).put("team_alias", project.alias())
                .put("organization_id", project.tenantId()).put("tenant_id", project.tenantId());
        node.set("metadata", views().project(project).get("metadata"));
        node.putArray("models");
        node.put("blocked", false);
        putSpend(node, call, new SpendFilter(project.tenantId(), project.id(), null, null, null, TimeRange.all()),
                SpendGrouping.PROJECT);
        putQuotas(node, call, Scope.project(project.id()), project.tenantId());
        return node.put("created_at", AdminViews.time(project.createdAt()))
                .put("updated_at", AdminViews.time(project.updatedAt()));
    }
}
