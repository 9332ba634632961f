package dev.ditto.store.jpa;

import dev.ditto.control.ConflictException;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.ScopeFilter;
import dev.ditto.control.TimeRange;
import dev.ditto.control.budget.LedgerEntry;
import dev.ditto.control.budget.LedgerStore;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hibernate.Session;

/**
 * {@link LedgerStore} on {@code ditto_ledger}. Increments are one standard SQL {@code MERGE}
 * per row (H2 and PostgreSQL 15+ both run it), sent as one JDBC batch, rows in id order so
 * that concurrent writers lock them in the same order. Two writers that create the same new
 * row at once can make one of them fail on the unique key; that batch is retried.
 */
final class JpaLedgerStore implements LedgerStore {

    private static final int ATTEMPTS = 3;
    private static final String MERGE = """
            MERGE INTO ditto_ledger t
            USING (SELECT CAST(? AS VARCHAR(128)) AS id, CAST(? AS VARCHAR(16)) AS scope_kind,
                          CAST(? AS VARCHAR(64)) AS scope_id, CAST(? AS TIMESTAMP WITH TIME ZONE) AS period_start,
                          CAST(? AS VARCHAR(64)) AS tenant_id, CAST(? AS NUMERIC(20, 10)) AS spend,
                          CAST(? AS BIGINT) AS input_tokens, CAST(? AS BIGINT) AS output_tokens,
                          CAST(? AS BIGINT) AS requests, CAST(? AS TIMESTAMP WITH TIME ZONE) AS updated_at) s
            ON (t.id = s.id)
            WHEN MATCHED THEN UPDATE SET spend = t.spend + s.spend, input_tokens = t.input_tokens + s.input_tokens,
                output_tokens = t.output_tokens + s.output_tokens, requests = t.requests + s.requests,
                updated_at = CASE WHEN s.updated_at > t.updated_at THEN s.updated_at ELSE t.updated_at END
            WHEN NOT MATCHED THEN INSERT (id, scope_kind, scope_id, period_start, tenant_id, spend, input_tokens,
                output_tokens, requests, updated_at)
                VALUES (s.id, s.scope_kind, s.scope_id, s.period_start, s.tenant_id, s.spend, s.input_tokens,
                s.output_tokens, s.requests, s.updated_at)
            """;

    private final Transactions tx;

    JpaLedgerStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void addAll(List<LedgerEntry> increments) {
        if (increments.isEmpty()) {
            return;
        }
        Map<String, LedgerEntry> rows = combine(increments);
        for (int attempt = 1; ; attempt++) {
            try {
                tx.call(em -> {
                    em.unwrap(Session.class).doWork(connection -> {
                        try (PreparedStatement merge = connection.prepareStatement(MERGE)) {
                            for (Map.Entry<String, LedgerEntry> row : rows.entrySet()) {
                                bind(merge, row.getKey(), row.getValue());
                                merge.addBatch();
                            }
                            merge.executeBatch();
                        }
                    });
                    return null;
                });
                return;
            } catch (ConflictException e) {
                // Only a transaction of our own can be retried; a caller's is already lost.
                if (tx.bound() || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Adds up increments to the same row, so each row is merged once, in id order. */
    private static Map<String, LedgerEntry> combine(List<LedgerEntry> increments) {
        Map<String, LedgerEntry> rows = new TreeMap<>();
        for (LedgerEntry increment : increments) {
            rows.merge(increment.id(), increment, (a, b) -> new LedgerEntry(a.scope(), a.tenantId() != null
                    ? a.tenantId() : b.tenantId(), a.periodStart(), a.spend().add(b.spend()),
                    a.inputTokens() + b.inputTokens(), a.outputTokens() + b.outputTokens(), a.requests() + b.requests(),
                    a.updatedAt().isAfter(b.updatedAt()) ? a.updatedAt() : b.updatedAt()));
        }
        return rows;
    }

    private static void bind(PreparedStatement merge, String id, LedgerEntry row) throws java.sql.SQLException {
        merge.setString(1, id);
        merge.setString(2, row.scope().kind().wireName());
        merge.setString(3, row.scope().id());
        merge.setObject(4, row.periodStart().atOffset(ZoneOffset.UTC));
        if (row.tenantId() == null) {
            merge.setNull(5, Types.VARCHAR);
        } else {
            merge.setString(5, row.tenantId());
        }
        merge.setBigDecimal(6, row.spend());
        merge.setLong(7, row.inputTokens());
        merge.setLong(8, row.outputTokens());
        merge.setLong(9, row.requests());
        merge.setObject(10, row.updatedAt().atOffset(ZoneOffset.UTC));
    }

    @Override
    public Optional<LedgerEntry> get(Scope scope, Instant periodStart) {
        String id = new LedgerEntry(scope, null, periodStart, BigDecimal.ZERO, 0, 0, 0, periodStart).id();
        return tx.call(em -> Optional.ofNullable(em.find(LedgerEntity.class, id)).map(LedgerEntity::toRecord));
    }

    @Override
    public Page<LedgerEntry> list(ScopeFilter filter, TimeRange periodStarts, PageRequest page) {
        Keyset where = Scopes.filter(filter).range("periodStart", periodStarts.from(), periodStarts.to());
        return tx.call(em -> where.byId(em, LedgerEntity.class, page, entity -> entity.id, LedgerEntity::toRecord));
    }
}
