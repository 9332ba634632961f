package dev.ditto.store.jpa;

import dev.ditto.control.retention.RetentionStore;
import jakarta.persistence.EntityManagerFactory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * {@link RetentionStore} on the spend log and audit tables. Each call is one short transaction;
 * deletes go by index ({@code started_at} for the spend log, {@code (chain_id, seq)} for the
 * audit log) and never read the rows they delete.
 *
 * <pre>{@code
 * RetentionStore retention = new JpaRetentionStore(database.entityManagerFactory());
 * }</pre>
 */
public final class JpaRetentionStore implements RetentionStore {

    // A subquery with LIMIT: portable (H2 and PostgreSQL), unlike DELETE ... LIMIT.
    private static final String DELETE_SPEND = "DELETE FROM ditto_spend_log WHERE id IN (SELECT id FROM ditto_spend_log"
            + " WHERE started_at < ?1 ORDER BY started_at, id LIMIT ?2)";
    private static final String DELETE_AUDIT = "DELETE FROM ditto_audit WHERE chain_id = ?1 AND seq >= ?2 AND seq <= ?3";

    private final EntityManagerFactory factory;

    /**
     * Creates the store.
     *
     * @param factory the {@value Database#PERSISTENCE_UNIT} persistence unit
     */
    public JpaRetentionStore(EntityManagerFactory factory) {
        this.factory = factory;
    }

    @Override
    public int deleteSpendLogsBefore(Instant cutoff, int limit) {
        return Transactions.inNewTransaction(factory, em -> em.createNativeQuery(DELETE_SPEND)
                .setParameter(1, cutoff.atOffset(ZoneOffset.UTC)).setParameter(2, limit).executeUpdate());
    }

    @Override
    public List<String> auditChains() {
        return Transactions.inNewTransaction(factory, em -> em.createQuery(
                "select h.chain from AuditChainHeadEntity h order by h.chain", String.class).getResultList());
    }

    @Override
    public Optional<ChainCut> auditCut(String chain, Instant cutoff) {
        return Transactions.inNewTransaction(factory, em -> {
            Long through = em.createQuery("select max(e.seq) from AuditEntity e where e.chain = :chain"
                    + " and e.occurredAt < :cutoff", Long.class).setParameter("chain", chain)
                    .setParameter("cutoff", cutoff).getSingleResult();
            Long first = em.createQuery("select min(e.seq) from AuditEntity e where e.chain = :chain", Long.class)
                    .setParameter("chain", chain).getSingleResult();
            if (through == null || first == null || through < first) {
                return Optional.empty();
            }
            String hash = em.createQuery("select e.hash from AuditEntity e where e.chain = :chain and e.seq = :seq",
                    String.class).setParameter("chain", chain).setParameter("seq", through).getSingleResult();
            return Optional.of(new ChainCut(chain, first, through, hash));
        });
    }

    @Override
    public int deleteAuditThrough(String chain, long throughSeq, int limit) {
        return Transactions.inNewTransaction(factory, em -> {
            Long first = em.createQuery("select min(e.seq) from AuditEntity e where e.chain = :chain", Long.class)
                    .setParameter("chain", chain).getSingleResult();
            if (first == null || first > throughSeq) {
                return 0;
            }
            // Sequence numbers are gapless within a chain, so this range holds at most 'limit' rows.
            long last = Math.min(throughSeq, first + limit - 1);
            return em.createNativeQuery(DELETE_AUDIT).setParameter(1, chain).setParameter(2, first)
                    .setParameter(3, last).executeUpdate();
        });
    }
}
