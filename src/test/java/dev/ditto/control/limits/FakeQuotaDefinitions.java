package dev.ditto.control.limits;

import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.ScopeFilter;
import dev.ditto.control.budget.Budget;
import dev.ditto.control.budget.BudgetStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stored limits and budgets in maps, counting the per-request lookups ({@code forScopes}) and
 * able to fail them as an unreachable database would; for the stored-quota resolver's tests.
 */
final class FakeQuotaDefinitions {

    private final Map<String, LimitDefinition> limits = new ConcurrentHashMap<>();
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private volatile boolean down;
    private volatile java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(0);
    private volatile java.util.concurrent.CompletableFuture<?> gate = java.util.concurrent.CompletableFuture
            .completedFuture(null);

    /** Makes every lookup wait until the returned gate completes; the latch counts lookups that began. */
    java.util.concurrent.CountDownLatch holdLookups(java.util.concurrent.CompletableFuture<?> until) {
        entered = new java.util.concurrent.CountDownLatch(1);
        gate = until;
        return entered;
    }

    int lookups() {
        return lookups.get();
    }

    void down(boolean down) {
        this.down = down;
    }

    private void lookup() {
        lookups.incrementAndGet();
        entered.countDown();
        gate.join();
        if (down) {
            throw new IllegalStateException("database unreachable (fake)");
        }
    }

    final LimitStore limitStore = new LimitStore() {
        @Override
        public LimitDefinition create(LimitDefinition limit) {
            limits.put(limit.id(), limit);
            return limit;
        }

        @Override
        public Optional<LimitDefinition> get(String id) {
            return Optional.ofNullable(limits.get(id));
        }

        @Override
        public LimitDefinition update(LimitDefinition limit) {
            limits.put(limit.id(), limit);
            return limit;
        }

        @Override
        public boolean delete(String id) {
            return limits.remove(id) != null;
        }

        @Override
        public Page<LimitDefinition> list(ScopeFilter filter, PageRequest page) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<LimitDefinition> forScopes(Collection<Scope> scopes) {
            lookup();
            return limits.values().stream().filter(limit -> scopes.contains(limit.scope())).sorted(
                    java.util.Comparator.comparing(LimitDefinition::id)).toList();
        }
    };

    final BudgetStore budgetStore = new BudgetStore() {
        @Override
        public Budget create(Budget budget) {
            budgets.put(budget.id(), budget);
            return budget;
        }

        @Override
        public Optional<Budget> get(String id) {
            return Optional.ofNullable(budgets.get(id));
        }

        @Override
        public Budget update(Budget budget) {
            budgets.put(budget.id(), budget);
            return budget;
        }

        @Override
        public boolean delete(String id) {
            return budgets.remove(id) != null;
        }

        @Override
        public Page<Budget> list(ScopeFilter filter, PageRequest page) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Budget> forScopes(Collection<Scope> scopes) {
            lookup();
            return budgets.values().stream().filter(budget -> scopes.contains(budget.scope())).sorted(
                    java.util.Comparator.comparing(Budget::id)).toList();
        }
    };
}
