package dev.ditto.control.admin;

import dev.ditto.control.AccessDeniedException;
import dev.ditto.control.IdGenerator;
import dev.ditto.control.NotFoundException;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.ScopeFilter;
import dev.ditto.control.budget.Budget;
import dev.ditto.control.budget.ResetPeriod;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.function.UnaryOperator;

/**
 * USD budgets of keys, users, projects and tenants. A budget belongs to its scope's tenant:
 * only administrators of that tenant (or global ones) see and change it. A change is announced
 * after its commit ({@link dev.ditto.control.Invalidations}), so it applies to the next request
 * on every replica. Thread-safe.
 */
public final class BudgetAdmin {

    private final AdminContext context;

    BudgetAdmin(AdminContext context) {
        this.context = context;
    }

    /**
     * Creates a budget. Its first period starts now, or at the start of the current UTC day,
     * week (Monday) or month for calendar periods.
     *
     * @param call who asks
     * @param scope whose spend it bounds; the scope's record must exist
     * @param spec the amounts and the period
     * @return the budget as stored
     * @throws InvalidFieldException if the scope's record does not exist
     * @throws AccessDeniedException 403 if the caller may not write the scope's tenant
     */
    public Budget create(AdminCall call, Scope scope, BudgetSpec spec) {
        Budget changed = context.write(tx -> {
            String tenant = context.tenantOf(tx, scope, "scope");
            call.principal().requireWrite(tenant);
            Instant now = context.now();
            Budget created = tx.budgets().create(new Budget(context.nextId(IdGenerator.BUDGET), scope, tenant,
                    spec.maxBudget(), spec.softBudget(), spec.resetPeriod(), periodStart(spec.resetPeriod(), now), now,
                    now));
            context.audit(tx, call, "budget.create", "budget", created.id(), tenant, null, Snapshots.budget(created));
            return created;
        });
        context.quotasChanged(changed.scope());
        return changed;
    }

    /**
     * Reads a budget.
     *
     * @param call who asks
     * @param id the budget
     * @return the budget
     * @throws NotFoundException if it does not exist
     * @throws AccessDeniedException 403 if it belongs to a tenant the caller may not read
     */
    public Budget get(AdminCall call, String id) {
        Budget budget = context.store().budgets().get(id).orElseThrow(() -> new NotFoundException("budget", id));
        call.principal().requireRead(budget.tenantId());
        return budget;
    }

    /**
     * Changes a budget's amounts or period. A new period kind starts a new period now.
     *
     * @param call who asks
     * @param id the budget
     * @param change the new amounts and period from the current ones
     * @return the budget as stored
     * @throws NotFoundException if it does not exist
     * @throws AccessDeniedException 403 if the caller may not write its tenant
     */
    public Budget update(AdminCall call, String id, UnaryOperator<BudgetSpec> change) {
        Budget changed = context.write(tx -> {
            Budget before = tx.budgets().get(id).orElseThrow(() -> new NotFoundException("budget", id));
            call.principal().requireWrite(before.tenantId());
            BudgetSpec spec = change.apply(BudgetSpec.of(before));
            Instant now = context.now();
            Instant periodStart = spec.resetPeriod().equals(before.resetPeriod()) ? before.periodStart()
                    : periodStart(spec.resetPeriod(), now);
            Budget updated = tx.budgets().update(new Budget(id, before.scope(), before.tenantId(), spec.maxBudget(),
                    spec.softBudget(), spec.resetPeriod(), periodStart, before.createdAt(), now));
            context.audit(tx, call, "budget.update", "budget", id, before.tenantId(), Snapshots.budget(before),
                    Snapshots.budget(updated));
            return updated;
        });
        context.quotasChanged(changed.scope());
        return changed;
    }

    /**
     * Deletes a budget.
     *
     * @param call who asks
     * @param id the budget
     * @return the budget as it was
     * @throws NotFoundException if it does not exist
     * @throws AccessDeniedException 403 if the caller may not write its tenant
     */
    public Budget delete(AdminCall call, String id) {
        Budget changed = context.write(tx -> {
            Budget before = tx.budgets().get(id).orElseThrow(() -> new NotFoundException("budget", id));
            call.principal().requireWrite(before.tenantId());
            tx.budgets().delete(id);
            context.audit(tx, call, "budget.delete", "budget", id, before.tenantId(), Snapshots.budget(before), null);
            return before;
        });
        context.quotasChanged(changed.scope());
        return changed;
    }

    /**
     * Lists budgets.
     *
     * @param call who asks
     * @param filter which budgets; without a tenant it needs a global role
     * @param page where to start and how many
     * @return the page
     * @throws AccessDeniedException 403 if the caller may not read that tenant, or lists all without a global role
     */
    public Page<Budget> list(AdminCall call, ScopeFilter filter, PageRequest page) {
        Listing.check(call, filter.tenantId());
        return context.store().budgets().list(filter, page);
    }

    /** The start of the period that contains {@code now}: calendar periods from their UTC boundary. */
    static Instant periodStart(ResetPeriod period, Instant now) {
        ZonedDateTime day = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
        return switch (period.kind()) {
            case DAILY -> day.toInstant();
            case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
            case MONTHLY -> day.withDayOfMonth(1).toInstant();
            case NEVER, DURATION -> now;
        };
    }
}
