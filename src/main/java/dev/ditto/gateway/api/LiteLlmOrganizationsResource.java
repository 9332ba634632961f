package dev.ditto.gateway.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.TimeRange;
import dev.ditto.control.admin.AdminCall;
import dev.ditto.control.admin.Administration;
import dev.ditto.control.spend.SpendFilter;
import dev.ditto.control.spend.SpendGrouping;
import dev.ditto.control.tenancy.Tenant;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
 * LiteLLM's organizations, which are Ditto's tenants: {@code POST /organization/new},
 * {@code GET /organization/info}, {@code PATCH /organization/update},
 * {@code DELETE /organization/delete} and {@code GET /organization/list}, with the
 * organization's budget and limit from {@code max_budget}, {@code rpm_limit} and the like.
 * Creating and deleting need a global administrator; a tenant administrator reads and changes
 * its own organization and lists only that one.
 */
@Path("organization")
@Produces(MediaType.APPLICATION_JSON)
public final class LiteLlmOrganizationsResource extends LiteLlmResource {

    /** Organizations listed at most; past it the answer says so in {@code x-ditto-has-more}. */
    static final int LISTED = 1000;

    /** Accepted only empty: with a value they ask for something Ditto does not do for tenants. */
    private static final Set<String> IGNORED_WHEN_EMPTY = Set.of("models", "budget_id", "model_max_budget",
            "model_rpm_limit", "model_tpm_limit", "object_permission", "tags", "organization_member_permissions");
    private static final Set<String> NEW = union(Set.of("organization_id", "organization_alias", "metadata"),
            QUOTA_FIELDS, IGNORED_WHEN_EMPTY);
    private static final Set<String> UPDATE = NEW;

    /**
     * Creates the resource.
     *
     * @param gate who the caller is
     * @param admin the admin operations
     * @param views the JSON views
     */
    public LiteLlmOrganizationsResource(AdminGate gate, Administration admin, AdminViews views) {
        super(gate, admin, views);
    }

    /**
     * Creates an organization (a tenant) with its budget and limit, in one transaction.
     *
     * @param request who asks and from where
     * @param body {@code {"organization_alias": "Acme", "organization_id"?: ..., "max_budget"?: ...}}
     * @return the organization, in LiteLLM's shape
     */
    @POST
    @Path("new")
    public Response create(@BeanParam AdminRequest request, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, NEW);
        List<String> ignored = ignored(fields, Set.of(), IGNORED_WHEN_EMPTY);
        String alias = fields.requiredString("organization_alias", RequestFields.NAME_LENGTH);
        Tenant tenant = admin().inTransaction(tx -> {
            Tenant created = tx.tenants().create(call, fields.id("organization_id"), alias, fields.metadata("metadata"));
            applyQuotas(tx, call, fields, Scope.tenant(created.id()), created.id());
            return created;
        });
        return answer(200, organization(call, tenant), ignored);
    }

    /**
     * Describes an organization.
     *
     * @param request who asks and from where
     * @param organizationId the organization's (tenant's) id
     * @return the organization, with its spend, budget and limit
     */
    @GET
    @Path("info")
    public Response info(@BeanParam AdminRequest request, @QueryParam("organization_id") @Nullable String organizationId) {
        AdminCall call = call(request);
        if (organizationId == null || organizationId.isBlank()) {
            throw RequestFields.invalid("organization_id", "'organization_id' is required.");
        }
        return ok(organization(call, admin().tenants().get(call, organizationId.trim())));
    }

    /**
     * Changes an organization: {@code {"organization_id": ..., "organization_alias": ...,
     * "max_budget": 500}}; fields left out stay, {@code max_budget: null} removes the budget.
     *
     * @param request who asks and from where
     * @param body the request body
     * @return the organization after the change
     */
    @PATCH
    @Path("update")
    public Response update(@BeanParam AdminRequest request, InputStream body) {
        AdminCall call = call(request);
        RequestFields fields = body(body, UPDATE);
        List<String> ignored = ignored(fields, Set.of(), IGNORED_WHEN_EMPTY);
        String id = fields.requiredString("organization_id", 256);
        String alias = fields.has("organization_alias")
                ? fields.requiredString("organization_alias", RequestFields.NAME_LENGTH) : null;
        Map<String, String> metadata = fields.has("metadata") ? fields.metadata("metadata") : null;
        Tenant updated = admin().inTransaction(tx -> {
            Tenant current = tx.tenants().get(call, id);
            Tenant changed = alias != null || metadata != null
                    ? tx.tenants().update(call, id, tenant -> new Tenant(id, alias != null ? alias : tenant.name(),
                            metadata != null ? metadata : tenant.metadata(), tenant.createdAt(), tenant.updatedAt()))
                    : current;
            applyQuotas(tx, call, fields, Scope.tenant(id), id);
            return changed;
        });
        return answer(200, organization(call, updated), ignored);
    }

    /**
     * Deletes organizations, all or none: {@code {"organization_ids": ["acme"]}}. An
     * organization that still has teams, users or keys is not deleted (409).
     *
     * @param request who asks and from where
     * @param body the request body
     * @return {@code {"deleted_organizations": [...]}}
     */
    @DELETE
    @Path("delete")
    public Response delete(@BeanParam AdminRequest request, InputStream body) {
        AdminCall call = call(request);
        return deleteAll(body, "organization_ids", "deleted_organizations", (tx, id) -> tx.tenants().delete(call, id));
    }

    /**
     * Lists organizations as a JSON array: every one for a global role (at most
     * {@value #LISTED}; {@code x-ditto-has-more: true} when more exist, which
     * {@code /admin/tenants} pages through), a tenant administrator's own otherwise.
     *
     * @param request who asks and from where
     * @return the organizations
     */
    @GET
    @Path("list")
    public Response list(@BeanParam AdminRequest request) {
        AdminCall call = call(request);
        ArrayNode array = views().json().createArrayNode();
        String own = call.principal().tenantId();
        boolean more = false;
        if (own != null) {
            array.add(organization(call, admin().tenants().get(call, own)));
        } else {
            Page<Tenant> tenants = admin().tenants().list(call, PageRequest.first(LISTED));
            tenants.items().forEach(tenant -> array.add(organization(call, tenant)));
            more = tenants.nextCursor() != null;
        }
        return array(array, more);
    }

    private ObjectNode organization(AdminCall call, Tenant tenant) {
        ObjectNode node = views().object().put("organization_id", tenant.id())
                .put("organization_alias", tenant.name()).put("tenant_id", tenant.id());
        node.set("metadata", views().tenant(tenant).get("metadata"));
        node.putArray("models");
        putSpend(node, call, new SpendFilter(tenant.id(), null, null, null, null, TimeRange.all()), SpendGrouping.TENANT);
        putQuotas(node, call, Scope.tenant(tenant.id()), tenant.id());
        return node.put("created_at", AdminViews.time(tenant.createdAt()))
                .put("updated_at", AdminViews.time(tenant.updatedAt()));
    }
}
