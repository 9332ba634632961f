package dev.ditto.store.jpa;

import dev.ditto.control.Money;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.spend.SpendFilter;
import dev.ditto.control.spend.SpendGrouping;
import dev.ditto.control.spend.SpendLogEntry;
import dev.ditto.control.spend.SpendLogStore;
import dev.ditto.control.spend.SpendTotal;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.List;
import org.hibernate.Session;
import org.jspecify.annotations.Nullable;

/**
 * {@link SpendLogStore} on {@code ditto_spend_log}. Appends are one plain JDBC batch per call
 * (ids are assigned by the gateway, so nothing stops batching). Totals are one {@code GROUP BY} query with exact {@code NUMERIC} sums.
 */
final class JpaSpendLogStore implements SpendLogStore {

    private static final String INSERT = "INSERT INTO ditto_spend_log (id, request_id, key_id, user_id, project_id,"
            + " tenant_id, route, model, deployment, input_tokens, output_tokens, cached_tokens, reasoning_tokens, cost,"
            + " latency_ms, status, http_status, cache_hit, started_at, started_day)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Transactions tx;

    JpaSpendLogStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void appendAll(List<SpendLogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        // Plain JDBC batches: rows are never read back in the transaction, and skipping the
        // persistence context makes a write-behind batch several times cheaper.
        tx.call(em -> {
            em.unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    for (SpendLogEntry entry : entries) {
                        bind(insert, entry);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            });
            return null;
        });
    }

    private static void bind(PreparedStatement insert, SpendLogEntry entry) throws SQLException {
        insert.setString(1, entry.id());
        insert.setString(2, entry.requestId());
        insert.setString(3, entry.keyId());
        setNullable(insert, 4, entry.userId());
        setNullable(insert, 5, entry.projectId());
        setNullable(insert, 6, entry.tenantId());
        insert.setString(7, entry.route());
        setNullable(insert, 8, entry.model());
        setNullable(insert, 9, entry.deployment());
        insert.setLong(10, entry.inputTokens());
        insert.setLong(11, entry.outputTokens());
        insert.setLong(12, entry.cachedTokens());
        insert.setLong(13, entry.reasoningTokens());
        if (entry.cost() == null) {
            insert.setNull(14, Types.NUMERIC);
        } else {
            insert.setBigDecimal(14, entry.cost());
        }
        insert.setLong(15, entry.latencyMs());
        insert.setString(16, entry.status());
        insert.setInt(17, entry.httpStatus());
        insert.setBoolean(18, entry.cacheHit());
        insert.setObject(19, entry.startedAt().atOffset(ZoneOffset.UTC));
        insert.setObject(20, entry.startedDay());
    }

    private static void setNullable(PreparedStatement statement, int index, @Nullable String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    @Override
    public Page<SpendLogEntry> list(SpendFilter filter, PageRequest page) {
        Keyset where = where(filter);
        return tx.call(em -> where.byTime(em, SpendLogEntity.class, "startedAt", page, entity -> entity.startedAt,
                entity -> entity.id, SpendLogEntity::toRecord));
    }

    @Override
    public Page<SpendLogEntry> listAfter(SpendFilter filter, @Nullable String afterId, int limit) {
        Keyset where = where(filter);
        return tx.call(em -> {
            String cursor = null;
            if (afterId != null) {
                SpendLogEntity last = em.find(SpendLogEntity.class, afterId);
                if (last == null) {
                    throw new IllegalArgumentException("invalid cursor '" + afterId
                            + "': pass the id of the last row received (no spend-log row has this id)");
                }
                cursor = Keyset.TimeCursor.encode(last.startedAt, last.id);
                em.detach(last);
            }
            Page<SpendLogEntry> page = where.byTime(em, SpendLogEntity.class, "startedAt",
                    PageRequest.after(cursor, limit), entity -> entity.startedAt, entity -> entity.id,
                    SpendLogEntity::toRecord);
            List<SpendLogEntry> items = page.items();
            return new Page<>(items, page.nextCursor() == null ? null : items.get(items.size() - 1).id(), limit);
        });
    }

    @Override
    public List<SpendLogEntry> ofRequest(String requestId, int limit) {
        Keyset.checkLimit(limit);
        return tx.call(em -> em.createQuery("select e from SpendLogEntity e where e.requestId = :requestId"
                        + " order by e.startedAt, e.id", SpendLogEntity.class)
                .setParameter("requestId", requestId).setMaxResults(limit).getResultList().stream()
                .map(SpendLogEntity::toRecord).toList());
    }

    @Override
    public List<SpendTotal> totals(SpendFilter filter, SpendGrouping grouping, int limit) {
        Keyset.checkLimit(limit);
        String column = "e." + switch (grouping) {
            case KEY -> "keyId";
            case USER -> "userId";
            case PROJECT -> "projectId";
            case TENANT -> "tenantId";
            case MODEL -> "model";
            case DAY -> "startedDay";
        };
        Keyset where = where(filter);
        String jpql = "select " + column + ", sum(e.cost), count(e), sum(e.inputTokens), sum(e.outputTokens)"
                + " from SpendLogEntity e" + where.whereClause() + " group by " + column + " order by " + column
                + " nulls first";
        return tx.call(em -> where.bind(em.createQuery(jpql, Object[].class)).setMaxResults(limit).getResultList()
                .stream().map(JpaSpendLogStore::total).toList());
    }

    private static SpendTotal total(Object[] row) {
        BigDecimal spend = row[1] == null ? Money.ZERO : (BigDecimal) row[1];
        return new SpendTotal(row[0] == null ? null : row[0].toString(), spend, ((Number) row[2]).longValue(),
                row[3] == null ? 0 : ((Number) row[3]).longValue(), row[4] == null ? 0 : ((Number) row[4]).longValue());
    }

    private static Keyset where(SpendFilter filter) {
        return new Keyset().eq("tenantId", filter.tenantId()).eq("projectId", filter.projectId())
                .eq("userId", filter.userId()).eq("keyId", filter.keyId()).eq("model", filter.model())
                .range("startedAt", filter.time().from(), filter.time().to());
    }
}
