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
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link SpendLogStore} on {@code ditto_spend_log}. Appends are JDBC-batched by Hibernate
 * ({@code hibernate.jdbc.batch_size}; ids are assigned by the gateway, so nothing stops
 * batching). Totals are one {@code GROUP BY} query with exact {@code NUMERIC} sums.
 */
final class JpaSpendLogStore implements SpendLogStore {

    private final Transactions tx;

    JpaSpendLogStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void appendAll(List<SpendLogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        tx.call(em -> {
            for (SpendLogEntry entry : entries) {
                em.persist(SpendLogEntity.of(entry));
            }
            em.flush();
            return null;
        });
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
