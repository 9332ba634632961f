package dev.ditto.control.admin;

import dev.ditto.control.AccessDeniedException;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.ScopeFilter;
import dev.ditto.control.TimeRange;
import dev.ditto.control.audit.AuditFilter;
import dev.ditto.control.audit.AuditRecord;
import dev.ditto.control.budget.LedgerEntry;
import dev.ditto.control.spend.SpendFilter;
import dev.ditto.control.spend.SpendGrouping;
import dev.ditto.control.spend.SpendLogEntry;
import dev.ditto.control.spend.SpendTotal;
import java.util.List;

/**
 * What was spent and done: the ledger, the spend log and its totals, and the audit log. Every
 * query needs a tenant filter the caller may read, or a global role. Thread-safe; reads only.
 */
public final class Reports {

    private final AdminContext context;

    Reports(AdminContext context) {
        this.context = context;
    }

    /**
     * Lists ledger rows.
     *
     * @param call who asks
     * @param filter which scopes; without a tenant it needs a global role
     * @param periodStarts only periods starting in this range
     * @param page where to start and how many
     * @return the page
     * @throws AccessDeniedException 403 if the caller may not read that tenant, or lists all without a global role
     */
    public Page<LedgerEntry> ledgers(AdminCall call, ScopeFilter filter, TimeRange periodStarts, PageRequest page) {
        Listing.check(call, filter.tenantId());
        return context.store().ledgers().list(filter, periodStarts, page);
    }

    /**
     * Adds up spend per group.
     *
     * @param call who asks
     * @param filter which requests; without a tenant it needs a global role
     * @param grouping what to group by
     * @param limit at most this many groups, 1 to 1000
     * @return the totals, ordered by group
     * @throws AccessDeniedException 403 if the caller may not read that tenant, or asks for all without a global role
     */
    public List<SpendTotal> spendTotals(AdminCall call, SpendFilter filter, SpendGrouping grouping, int limit) {
        Listing.check(call, filter.tenantId());
        return context.store().spendLogs().totals(filter, grouping, limit);
    }

    /**
     * Lists spend-log rows by start time.
     *
     * @param call who asks
     * @param filter which requests; without a tenant it needs a global role
     * @param page where to start and how many
     * @return the page
     * @throws AccessDeniedException 403 if the caller may not read that tenant, or lists all without a global role
     */
    public Page<SpendLogEntry> spendLogs(AdminCall call, SpendFilter filter, PageRequest page) {
        Listing.check(call, filter.tenantId());
        return context.store().spendLogs().list(filter, page);
    }

    /**
     * Returns the spend-log rows of one request.
     *
     * @param call who asks
     * @param requestId the request's id
     * @param limit how many rows at most
     * @return the rows, by start time; empty when no request has the id
     * @throws AccessDeniedException 403 if the caller may not read the tenant of a row (a global
     *     role for a row of no tenant)
     */
    public List<SpendLogEntry> spendLogsOfRequest(AdminCall call, String requestId, int limit) {
        List<SpendLogEntry> rows = context.store().spendLogs().ofRequest(requestId, limit);
        rows.forEach(row -> call.principal().requireRead(row.tenantId()));
        return rows;
    }

    /**
     * Lists audit records by time.
     *
     * @param call who asks
     * @param filter which records; without a tenant it needs a global role
     * @param page where to start and how many
     * @return the page
     * @throws AccessDeniedException 403 if the caller may not read that tenant, or lists all without a global role
     */
    public Page<AuditRecord> audit(AdminCall call, AuditFilter filter, PageRequest page) {
        Listing.check(call, filter.tenantId());
        return context.store().audit().list(filter, page);
    }
}
