package dev.ditto.control;

import dev.ditto.control.audit.AuditStore;
import dev.ditto.control.budget.BudgetStore;
import dev.ditto.control.budget.LedgerStore;
import dev.ditto.control.budget.ReservationStore;
import dev.ditto.control.keys.KeyStore;
import dev.ditto.control.limits.LimitStore;
import dev.ditto.control.spend.SpendLogStore;
import dev.ditto.control.tenancy.ProjectStore;
import dev.ditto.control.tenancy.TenantStore;
import dev.ditto.control.tenancy.UserStore;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Every store of the control plane, and a unit of work across them. Outside
 * {@link #inTransaction}, each store call is its own transaction. Inside, the stores handed to
 * the work share one transaction, committed when the work returns and rolled back when it
 * throws: an admin write and its audit record are kept together or not at all.
 *
 * <pre>{@code
 * Tenant tenant = store.inTransaction(tx -> {
 *     Tenant created = tx.tenants().create(Tenant.of(ids.next(IdGenerator.TENANT), "Acme", now));
 *     tx.audit().append(AuditRecord.builder(ids.next(IdGenerator.AUDIT), now)
 *             .actor(actor, role).action("tenant.create", "tenant", created.id()).build());
 *     return created;
 * });
 * }</pre>
 *
 * <p>Thread-safe; a transaction belongs to the thread that runs its work and its stores must
 * not escape it.
 */
public interface ControlStore {

    /** @return tenants */
    TenantStore tenants();

    /** @return projects (LiteLLM's teams) */
    ProjectStore projects();

    /** @return users */
    UserStore users();

    /** @return virtual keys */
    KeyStore keys();

    /** @return budgets */
    BudgetStore budgets();

    /** @return rate limit definitions */
    LimitStore limits();

    /** @return the durable ledger */
    LedgerStore ledgers();

    /** @return open budget reservations */
    ReservationStore reservations();

    /** @return the spend log */
    SpendLogStore spendLogs();

    /** @return the audit log */
    AuditStore audit();

    /**
     * Runs work in one transaction. Called on a store that is already inside a transaction, the
     * work joins it.
     *
     * @param work what to do, given stores bound to the transaction
     * @param <T> what the work returns
     * @return what the work returned, after the commit
     * @throws ConflictException if the commit (or a write) conflicts; nothing is kept
     * @throws RuntimeException whatever the work threw; nothing is kept
     */
    <T extends @Nullable Object> T inTransaction(Function<ControlStore, T> work);

    /**
     * Runs work that returns nothing in one transaction.
     *
     * @param work what to do
     */
    default void runInTransaction(Consumer<ControlStore> work) {
        inTransaction(tx -> {
            work.accept(tx);
            return null;
        });
    }
}
