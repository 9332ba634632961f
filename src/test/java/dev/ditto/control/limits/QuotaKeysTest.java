package dev.ditto.control.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.control.Caller;
import dev.ditto.control.Scope;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The names of counters and ledgers are a compatibility promise: Redis keeps them across a
 * rolling upgrade, so replicas of two versions must name the same counter the same way. These
 * pin the format, scope kinds included (the store-neutral {@link Scope} writes them as
 * {@code key}, {@code user}, {@code project} and {@code tenant}).
 */
class QuotaKeysTest {

    private static final Caller CALLER = new Caller("key_1", null, "ann@acme", "prj_1", "acme corp", Set.of(), Set.of(),
            Map.of());

    @Test
    void aCounterIsNamedByScopeMetricWindowAlgorithmAndQualifiers() {
        assertThat(QuotaKeys.counter(Scope.key("key_1"), RateLimit.rpm(100)))
                .isEqualTo("rl:key:key_1:req:60000:sw:*:*");
        assertThat(QuotaKeys.counter(Scope.project("prj_1"),
                        RateLimit.tpm(1000).with(RateLimit.Algorithm.TOKEN_BUCKET).forRouteGroup("chat").forModel("gpt-4o")))
                .isEqualTo("rl:project:prj_1:tok:60000:tb:chat:gpt-4o");
        assertThat(QuotaKeys.counter(Scope.tenant("acme"), RateLimit.parallel(5))).isEqualTo("rl:tenant:acme:par:0:cc:*:*");
    }

    @Test
    void theLimitItselfIsNotPartOfTheNameSoChangingItKeepsTheCount() {
        assertThat(QuotaKeys.counter(Scope.user("ann"), RateLimit.rpm(1)))
                .isEqualTo(QuotaKeys.counter(Scope.user("ann"), RateLimit.rpm(1000)));
    }

    @Test
    void aLedgerIsNamedByScopeAndPeriod() {
        BudgetPeriod.Window day = new BudgetPeriod.Window(Instant.parse("2026-11-27T00:00:00Z"),
                Instant.parse("2026-11-28T00:00:00Z"));

        assertThat(QuotaKeys.ledger(Scope.user("ann@acme"), day)).isEqualTo("bud:user:ann@acme:1795737600000:1795824000000");
        assertThat(QuotaKeys.ledger(Scope.key("key_1"), new BudgetPeriod.Window(Instant.EPOCH, null)))
                .isEqualTo("bud:key:key_1:0:*");
    }

    @Test
    void idsAreEscapedAndCallersWithoutATenantShareOnePartition() {
        assertThat(QuotaKeys.counter(Scope.project("a:b {c}*"), RateLimit.rpm(1)))
                .isEqualTo("rl:project:a%3Ab%20%7Bc%7D%2A:req:60000:sw:*:*");
        assertThat(QuotaKeys.partition(CALLER)).isEqualTo("acme%20corp");
        assertThat(QuotaKeys.partition(Caller.anonymous())).isEqualTo(QuotaKeys.NO_TENANT);
    }

    @Test
    void aCallersScopesAreItsKeyUserProjectAndTenantNarrowestFirst() {
        assertThat(Scope.of(CALLER)).containsExactly(Scope.key("key_1"), Scope.user("ann@acme"), Scope.project("prj_1"),
                Scope.tenant("acme corp"));
        assertThat(Scope.of(Caller.anonymous())).containsExactly(Scope.key(Caller.ANONYMOUS));
    }
}
