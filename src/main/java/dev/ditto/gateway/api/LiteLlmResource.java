package dev.ditto.gateway.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.ScopeFilter;
import dev.ditto.control.TimeRange;
import dev.ditto.control.admin.AdminCall;
import dev.ditto.control.admin.Administration;
import dev.ditto.control.admin.BudgetSpec;
import dev.ditto.control.admin.LimitSpec;
import dev.ditto.control.budget.Budget;
import dev.ditto.control.budget.ResetPeriod;
import dev.ditto.control.keys.VirtualKey;
import dev.ditto.control.limits.LimitAlgorithm;
import dev.ditto.control.limits.LimitDefinition;
import dev.ditto.control.spend.SpendFilter;
import dev.ditto.control.spend.SpendGrouping;
import dev.ditto.control.spend.SpendTotal;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What LiteLLM's management endpoints share: its field names and answer shapes, its budget and
 * rate-limit fields mapped onto a scope's {@link Budget} and {@link LimitDefinition}, and the
 * fields Ditto accepts but ignores, reported in the {@value #IGNORED_HEADER} response header.
 * A field Ditto ignores only when empty would, with a value, ask for something Ditto does not
 * do (team models, tags, guardrails): it is refused with 400 rather than silently dropped.
 *
 * <p>LiteLLM's teams are Ditto's projects and its organizations Ditto's tenants
 * ({@code organization_id}, or {@code tenant_id}). LiteLLM's {@code token} (the key's hash
 * there) is the key's id here: hashes never leave the gateway.
 */
public abstract class LiteLlmResource extends AdminResource {

    /** The response header listing the request fields that were accepted and ignored. */
    public static final String IGNORED_HEADER = "x-ditto-ignored-fields";

    /** LiteLLM's budget and rate-limit fields, mapped onto the scope's budget and limit. */
    static final Set<String> QUOTA_FIELDS = Set.of("max_budget", "soft_budget", "budget_duration", "tpm_limit",
            "rpm_limit", "max_parallel_requests");

    /**
     * Creates the resource.
     *
     * @param gate who the caller is
     * @param admin the admin operations
     * @param views the JSON views
     */
    protected LiteLlmResource(AdminGate gate, Administration admin, AdminViews views) {
        super(gate, admin, views);
    }

    static Set<String> union(Set<?>... sets) {
        Set<String> all = new HashSet<>();
        for (Set<?> set : sets) {
            set.forEach(item -> all.add((String) item));
        }
        return Set.copyOf(all);
    }

    /**
     * Checks the ignored fields and names those present.
     *
     * @param fields the request
     * @param always fields ignored whatever their value
     * @param whenBlank fields ignored only when empty, refused otherwise
     * @return the ignored fields the request has
     */
    static List<String> ignored(RequestFields fields, Set<String> always, Set<String> whenBlank) {
        List<String> ignored = new ArrayList<>();
        for (String name : new TreeSet<>(fields.names())) {
            if (whenBlank.contains(name) && !fields.blank(name)) {
                throw RequestFields.invalid(name, "'" + name + "' is not supported by Ditto; leave it out or empty "
                        + "(see docs/admin-api.md, LiteLLM endpoints).");
            }
            if (always.contains(name) || whenBlank.contains(name)) {
                ignored.add(name);
            }
        }
        return ignored;
    }

    final Response answer(int status, ObjectNode body, List<String> ignored) {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(views().write(body));
        if (!ignored.isEmpty()) {
            response.header(IGNORED_HEADER, String.join(",", ignored));
        }
        return response.build();
    }

    /** The tenant a LiteLLM request names: {@code organization_id} or Ditto's {@code tenant_id}. */
    static @Nullable String tenant(RequestFields fields) {
        String organization = fields.id("organization_id");
        String tenant = fields.id("tenant_id");
        if (organization != null && tenant != null && !organization.equals(tenant)) {
            throw RequestFields.invalid("tenant_id", "'organization_id' and 'tenant_id' name the same tenant; "
                    + "give one of them.");
        }
        return tenant != null ? tenant : organization;
    }

    /**
     * One of LiteLLM's numbered pages, walked to over Ditto's cursor pages.
     *
     * @param items the page's records; none past the last page
     * @param total how many records there are, known on the last page (and past it) only; null before
     * @param totalPages the number of pages when known, else the next page's number, so a client
     *     paging until {@code page == total_pages} reads every record
     * @param nextCursor where the next page starts, when there is one
     */
    record NumberedPage<T>(List<T> items, @Nullable Long total, int totalPages, @Nullable String nextCursor) {

        boolean more() {
            return nextCursor != null;
        }
    }

    /**
     * Walks to page {@code number} (from 1) of {@code size} records.
     *
     * @param number the page number
     * @param size records per page
     * @param list reads one of Ditto's pages
     * @return the page
     */
    static <T> NumberedPage<T> numbered(int number, int size, Function<PageRequest, Page<T>> list) {
        Page<T> page = list.apply(PageRequest.first(size));
        int at = 1;
        while (at < number && page.nextCursor() != null) {
            page = list.apply(PageRequest.after(page.nextCursor(), size));
            at++;
        }
        if (at == number && page.nextCursor() != null) {
            return new NumberedPage<>(page.items(), null, number + 1, page.nextCursor());
        }
        // On the last page, or past it (no records then): the count is known from the last page.
        long total = (long) (at - 1) * size + page.items().size();
        return new NumberedPage<>(at == number ? page.items() : List.of(), total, at, null);
    }

    /**
     * Deletes records, all or none, LiteLLM's way: {@code {"team_ids": [...]}} answered by
     * {@code {"deleted_teams": [...]}}.
     *
     * @param body the request body
     * @param field the field listing what to delete
     * @param answered the answer's field listing what was deleted
     * @param delete deletes one record in the transaction
     * @return the answer
     */
    final Response deleteAll(InputStream body, String field, String answered, BiConsumer<Administration, String> delete) {
        Set<String> ids = body(body, Set.of(field)).strings(field);
        if (ids.isEmpty()) {
            throw RequestFields.invalid(field, "'" + field + "' must list what to delete.");
        }
        admin().inTransaction(tx -> {
            ids.forEach(id -> delete.accept(tx, id));
            return null;
        });
        ObjectNode answer = views().object();
        ids.forEach(answer.putArray(answered)::add);
        return ok(answer);
    }

    /** A whole number from 1 to {@code max} in a query parameter; {@code fallback} when it is left out. */
    static int positive(String name, @Nullable String text, int fallback, int max) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw RequestFields.invalid(name, "'" + name + "' must be a whole number from 1 to " + max + ", got '" + text
                + "'.");
    }

    /**
     * Answers a JSON array, LiteLLM's way for its lists, saying in {@code x-ditto-has-more}
     * whether the list was cut; amounts in plain notation, as every admin answer.
     */
    final Response array(ArrayNode array, boolean more) {
        return Response.fromResponse(ok(array)).header("x-ditto-has-more", more).build();
    }

    /**
     * Refuses a change that names another organization than the record's: records do not move
     * between tenants.
     */
    static void sameOrganization(RequestFields fields, @Nullable String current) {
        sameOwner(fields, "organization_id", current);
        sameOwner(fields, "tenant_id", current);
    }

    /**
     * Refuses a change whose field {@code name} names another owner than the record's
     * {@code current} one: owners do not change.
     */
    static void sameOwner(RequestFields fields, String name, @Nullable String current) {
        if (fields.present(name) && !Objects.equals(fields.id(name), current)) {
            throw RequestFields.invalid(name, "A record's owners cannot change; '" + name
                    + "' must be left out or equal to its own (" + current + ").");
        }
    }

    /**
     * Applies LiteLLM's budget and rate-limit fields to a scope: creates, changes or (when
     * {@code max_budget} or every limit is set to null) deletes the scope's budget and its limit
     * for all models and routes. Fields left out change nothing.
     */
    static void applyQuotas(Administration tx, AdminCall call, RequestFields fields, Scope scope,
            @Nullable String tenant) {
        if (fields.has("max_budget") || fields.has("soft_budget") || fields.has("budget_duration")) {
            applyBudget(tx, call, fields, scope, tenant);
        }
        if (fields.has("rpm_limit") || fields.has("tpm_limit") || fields.has("max_parallel_requests")) {
            applyLimit(tx, call, fields, scope, tenant);
        }
    }

    private static void applyBudget(Administration tx, AdminCall call, RequestFields fields, Scope scope,
            @Nullable String tenant) {
        BigDecimal max = fields.decimal("max_budget");
        BigDecimal soft = fields.decimal("soft_budget");
        String duration = fields.string("budget_duration", 32);
        ResetPeriod period = duration == null ? ResetPeriod.of(ResetPeriod.Kind.NEVER)
                : Durations.resetPeriod("budget_duration", duration);
        Budget existing = budget(tx, call, scope, tenant);
        if (existing == null) {
            if (max == null) {
                if (fields.present("soft_budget") || fields.present("budget_duration")) {
                    throw RequestFields.invalid("max_budget", "'max_budget' is required with 'soft_budget' and "
                            + "'budget_duration'.");
                }
                return;
            }
            tx.budgets().create(call, scope, new BudgetSpec(max, soft, period));
        } else if (fields.has("max_budget") && max == null) {
            tx.budgets().delete(call, existing.id());
        } else {
            tx.budgets().update(call, existing.id(), current -> new BudgetSpec(max != null ? max : current.maxBudget(),
                    fields.has("soft_budget") ? soft : current.softBudget(),
                    fields.has("budget_duration") ? period : current.resetPeriod()));
        }
    }

    private static void applyLimit(Administration tx, AdminCall call, RequestFields fields, Scope scope,
            @Nullable String tenant) {
        Long rpm = fields.integer("rpm_limit", 1, Integer.MAX_VALUE);
        Long tpm = fields.integer("tpm_limit", 1, Long.MAX_VALUE);
        Long parallel = fields.integer("max_parallel_requests", 1, Integer.MAX_VALUE);
        LimitDefinition existing = limit(tx, call, scope, tenant);
        Integer newRpm = fields.has("rpm_limit") ? toInt(rpm) : existing == null ? null : existing.rpm();
        Long newTpm = fields.has("tpm_limit") ? tpm : existing == null ? null : existing.tpm();
        Integer newParallel = fields.has("max_parallel_requests") ? toInt(parallel)
                : existing == null ? null : existing.maxParallel();
        boolean none = newRpm == null && newTpm == null && newParallel == null;
        if (existing == null && !none) {
            tx.limits().create(call, scope, new LimitSpec(newRpm, newTpm, newParallel, null, null,
                    LimitAlgorithm.SLIDING_WINDOW));
        } else if (existing != null && none) {
            tx.limits().delete(call, existing.id());
        } else if (existing != null) {
            tx.limits().update(call, existing.id(), current -> new LimitSpec(newRpm, newTpm, newParallel, null, null,
                    current.algorithm()));
        }
    }

    /** The scope's first budget, which the LiteLLM fields describe. */
    static @Nullable Budget budget(Administration admin, AdminCall call, Scope scope, @Nullable String tenant) {
        List<Budget> budgets = admin.budgets().list(call, new ScopeFilter(tenant, scope), PageRequest.first(1)).items();
        return budgets.isEmpty() ? null : budgets.get(0);
    }

    /** The scope's limit for every model and route, which the LiteLLM fields describe. */
    static @Nullable LimitDefinition limit(Administration admin, AdminCall call, Scope scope, @Nullable String tenant) {
        return admin.limits().list(call, new ScopeFilter(tenant, scope), PageRequest.first(PageRequest.MAX_LIMIT))
                .items().stream().filter(limit -> limit.model() == null && limit.routeGroup() == null).findFirst()
                .orElse(null);
    }

    /** Adds LiteLLM's budget and limit fields describing a scope. */
    final void putQuotas(ObjectNode node, AdminCall call, Scope scope, @Nullable String tenant) {
        Budget budget = budget(admin(), call, scope, tenant);
        LimitDefinition limit = limit(admin(), call, scope, tenant);
        AdminViews.amount(node, "max_budget", budget == null ? null : budget.maxBudget());
        AdminViews.amount(node, "soft_budget", budget == null ? null : budget.softBudget());
        node.put("budget_duration", budget == null ? null : Durations.render(budget.resetPeriod()));
        node.put("budget_reset_at", budget == null ? null : AdminViews.time(budget.periodEnd()));
        node.put("tpm_limit", limit == null ? null : limit.tpm());
        node.put("rpm_limit", limit == null ? null : limit.rpm());
        node.put("max_parallel_requests", limit == null ? null : limit.maxParallel());
    }

    /** Adds what a scope has spent, all time, as {@code spend}. */
    final void putSpend(ObjectNode node, AdminCall call, SpendFilter filter, SpendGrouping grouping) {
        List<SpendTotal> totals = admin().reports().spendTotals(call, filter, grouping, 1);
        AdminViews.amount(node, "spend", totals.isEmpty() ? BigDecimal.ZERO : totals.get(0).spend());
    }

    /** LiteLLM's view of a key: {@code /key/info}'s {@code info}, {@code /key/list}'s full objects. */
    final ObjectNode keyInfo(AdminCall call, VirtualKey key) {
        ObjectNode node = views().object().put("token", key.id()).put("key_name", key.displayPrefix())
                .put("key_alias", key.alias());
        putSpend(node, call, SpendFilter.during(TimeRange.all()).tenant(key.tenantId()).key(key.id()), SpendGrouping.KEY);
        node.put("expires", AdminViews.time(key.expiresAt()));
        strings(node, "models", key.allowedModels());
        node.put("user_id", key.userId()).put("team_id", key.projectId()).put("organization_id", key.tenantId())
                .put("tenant_id", key.tenantId());
        node.set("metadata", views().key(key).get("metadata"));
        node.put("blocked", key.blocked());
        strings(node, "allowed_routes", key.allowedRoutes());
        putQuotas(node, call, Scope.key(key.id()), key.tenantId());
        return node.put("created_at", AdminViews.time(key.createdAt())).put("updated_at", AdminViews.time(key.updatedAt()));
    }

    /**
     * The tenant a LiteLLM listing is limited to: the one named ({@code organization_id} or
     * {@code tenant_id}), else the named key's, team's or user's (read-checked, so another
     * tenant's is 403), else a tenant administrator's own. LiteLLM's clients know no tenants, so
     * its listings take the caller's; {@code /admin} listings require the filter instead.
     */
    final @Nullable String listTenant(AdminCall call, @Nullable String organizationId, @Nullable String tenantId,
            @Nullable String teamId, @Nullable String userId, @Nullable String key) {
        String named = optionalId("tenant_id", tenantId);
        String organization = optionalId("organization_id", organizationId);
        if (named != null && organization != null && !named.equals(organization)) {
            throw RequestFields.invalid("tenant_id", "'organization_id' and 'tenant_id' name the same tenant; "
                    + "give one of them.");
        }
        if (named != null || organization != null) {
            return named != null ? named : organization;
        }
        if (key != null && !key.isBlank()) {
            return admin().keys().find(call, key.trim()).tenantId();
        }
        if (teamId != null && !teamId.isBlank()) {
            return admin().projects().get(call, teamId.trim()).tenantId();
        }
        if (userId != null && !userId.isBlank()) {
            return admin().users().get(call, userId.trim()).tenantId();
        }
        return call.principal().tenantId();
    }

    /** A short view of a key for the lists of {@code /team/info} and {@code /user/info}. */
    final ObjectNode keySummary(VirtualKey key) {
        ObjectNode node = views().object().put("token", key.id()).put("key_name", key.displayPrefix())
                .put("key_alias", key.alias()).put("user_id", key.userId()).put("team_id", key.projectId())
                .put("organization_id", key.tenantId());
        strings(node, "models", key.allowedModels());
        return node.put("expires", AdminViews.time(key.expiresAt())).put("blocked", key.blocked());
    }

    static void strings(ObjectNode node, String name, Set<String> values) {
        ArrayNode array = node.putArray(name);
        new TreeSet<>(values).forEach(array::add);
    }

    private static @Nullable Integer toInt(@Nullable Long value) {
        return value == null ? null : value.intValue();
    }
}
