package dev.ditto.store.jpa;

import dev.ditto.control.ControlStore;
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
import jakarta.persistence.EntityManagerFactory;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The control plane's stores on the database, through JPA. Each store call outside
 * {@link #inTransaction} opens and commits a transaction of its own; inside, the stores handed
 * to the work share the transaction's entity manager. Thread-safe; holds no state besides the
 * factory, which the {@link Database} owns and closes.
 *
 * <pre>{@code
 * ControlStore store = new JpaControlStore(database.entityManagerFactory());
 * }</pre>
 */
public final class JpaControlStore implements ControlStore {

    private final EntityManagerFactory factory;
    private final AuditChains chains;
    private final boolean bound;
    private final TenantStore tenants;
    private final ProjectStore projects;
    private final UserStore users;
    private final KeyStore keys;
    private final BudgetStore budgets;
    private final LimitStore limits;
    private final LedgerStore ledgers;
    private final ReservationStore reservations;
    private final SpendLogStore spendLogs;
    private final AuditStore audit;

    /**
     * Creates the stores.
     *
     * @param factory the {@value Database#PERSISTENCE_UNIT} persistence unit
     */
    public JpaControlStore(EntityManagerFactory factory) {
        this(factory, Transactions.auto(factory), new AuditChains(factory));
    }

    private JpaControlStore(EntityManagerFactory factory, Transactions tx, AuditChains chains) {
        this.factory = factory;
        this.chains = chains;
        this.bound = tx.bound();
        this.tenants = new JpaTenantStore(tx);
        this.projects = new JpaProjectStore(tx);
        this.users = new JpaUserStore(tx);
        this.keys = new JpaKeyStore(tx);
        this.budgets = new JpaBudgetStore(tx);
        this.limits = new JpaLimitStore(tx);
        this.ledgers = new JpaLedgerStore(tx);
        this.reservations = new JpaReservationStore(tx);
        this.spendLogs = new JpaSpendLogStore(tx);
        this.audit = new JpaAuditStore(tx, chains);
    }

    @Override
    public TenantStore tenants() {
        return tenants;
    }

    @Override
    public ProjectStore projects() {
        return projects;
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public KeyStore keys() {
        return keys;
    }

    @Override
    public BudgetStore budgets() {
        return budgets;
    }

    @Override
    public LimitStore limits() {
        return limits;
    }

    @Override
    public LedgerStore ledgers() {
        return ledgers;
    }

    @Override
    public ReservationStore reservations() {
        return reservations;
    }

    @Override
    public SpendLogStore spendLogs() {
        return spendLogs;
    }

    @Override
    public AuditStore audit() {
        return audit;
    }

    @Override
    public <T extends @Nullable Object> T inTransaction(Function<ControlStore, T> work) {
        if (bound) {
            return work.apply(this);
        }
        return Transactions.inNewTransaction(factory,
                em -> work.apply(new JpaControlStore(factory, Transactions.bound(em), chains)));
    }
}
