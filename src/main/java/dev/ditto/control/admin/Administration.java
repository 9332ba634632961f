package dev.ditto.control.admin;

import dev.ditto.control.ControlStore;
import dev.ditto.control.IdGenerator;
import dev.ditto.control.Invalidations;
import dev.ditto.control.keys.KeyGenerator;
import dev.ditto.control.keys.KeyHasher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The admin operations of the control plane, grouped by what they manage. Each operation is a
 * transaction of its own; {@link #inTransaction} runs several as one (LiteLLM's
 * {@code /key/generate} with a {@code max_budget} creates a key and a budget, or neither).
 * Thread-safe; built once by the composition root.
 *
 * <pre>{@code
 * Administration admin = Administration.of(store, KeyHasher.sha256(), Invalidations.local(), clock);
 * AdminCall call = AdminCall.of(AdminPrincipal.masterKey());
 * Tenant acme = admin.tenants().create(call, null, "Acme", Map.of());
 * IssuedKey key = admin.keys().create(call, new NewKey(acme.id(), null, null, "ci", Set.of(), Set.of(), null,
 *         Map.of(), false));
 * show(key.secret()); // once
 * }</pre>
 */
public final class Administration {

    private final AdminContext context;
    private final TenantAdmin tenants;
    private final ProjectAdmin projects;
    private final UserAdmin users;
    private final KeyAdmin keys;
    private final BudgetAdmin budgets;
    private final LimitAdmin limits;
    private final Reports reports;

    private Administration(AdminContext context) {
        this.context = context;
        this.tenants = new TenantAdmin(context);
        this.projects = new ProjectAdmin(context);
        this.users = new UserAdmin(context);
        this.keys = new KeyAdmin(context);
        this.budgets = new BudgetAdmin(context);
        this.limits = new LimitAdmin(context);
        this.reports = new Reports(context);
    }

    /**
     * Builds the operations.
     *
     * @param store the control plane's stores
     * @param hasher how keys are hashed, the same as the data plane's authenticator
     * @param invalidations where changes to keys, limits and budgets are announced
     * @param clock wall time, for ids, record times, expiries and grace periods
     * @return the operations
     */
    public static Administration of(ControlStore store, KeyHasher hasher, Invalidations invalidations, Clock clock) {
        return new Administration(new AdminContext(store, hasher, KeyGenerator.of(hasher), invalidations, clock,
                IdGenerator.of(clock), null));
    }

    /** @return tenants */
    public TenantAdmin tenants() {
        return tenants;
    }

    /** @return projects (LiteLLM's teams) */
    public ProjectAdmin projects() {
        return projects;
    }

    /** @return users */
    public UserAdmin users() {
        return users;
    }

    /** @return virtual keys */
    public KeyAdmin keys() {
        return keys;
    }

    /** @return budgets */
    public BudgetAdmin budgets() {
        return budgets;
    }

    /** @return rate limits */
    public LimitAdmin limits() {
        return limits;
    }

    /** @return ledger, spend and audit queries */
    public Reports reports() {
        return reports;
    }

    /** @return the wall clock the operations use, for turning durations into expiries */
    public Clock clock() {
        return context.clock();
    }

    /**
     * Runs several operations as one transaction: every write and its audit record are kept,
     * or none. Changed keys, limits and budgets are announced after the commit. Called inside a unit of work, the
     * work joins it.
     *
     * @param work the operations, on an {@link Administration} bound to the transaction
     * @param <T> what the work returns
     * @return what the work returned, after the commit
     */
    public <T> T inTransaction(Function<Administration, T> work) {
        if (context.inUnitOfWork()) {
            return work.apply(this);
        }
        List<Runnable> pending = new ArrayList<>();
        T result = context.store().inTransaction(tx -> work.apply(new Administration(context.bound(tx, pending))));
        pending.forEach(Runnable::run);
        return result;
    }
}
