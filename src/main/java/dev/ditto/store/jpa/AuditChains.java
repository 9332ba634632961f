package dev.ditto.store.jpa;

import dev.ditto.control.ConflictException;
import dev.ditto.control.IdGenerator;
import dev.ditto.control.audit.AuditChain;
import dev.ditto.control.audit.AuditRecord;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates audit chains on first use: the head row and the genesis record, committed in a
 * transaction of their own so that the appending transaction only ever locks an existing head.
 * Remembers which chains exist (a bounded set, forgotten whole when full; forgetting costs one
 * lookup). Shared by every {@link JpaAuditStore} of one {@link JpaControlStore}; thread-safe.
 */
final class AuditChains {

    /** How many chain ids are remembered before the set starts over. */
    static final int REMEMBERED = 10_000;

    private final EntityManagerFactory factory;
    private final IdGenerator ids = IdGenerator.of(Clock.systemUTC());
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    AuditChains(EntityManagerFactory factory) {
        this.factory = factory;
    }

    /**
     * Makes sure a chain exists; its genesis record takes the time of the first record appended.
     *
     * @param chain the chain id
     * @param first the record about to be appended
     */
    void ensure(String chain, AuditRecord first) {
        if (known.contains(chain)) {
            return;
        }
        try {
            Transactions.inNewTransaction(factory, em -> {
                if (em.find(AuditChainHeadEntity.class, chain) == null) {
                    start(em, chain, first);
                }
                return null;
            });
        } catch (ConflictException e) {
            // Another writer created the chain at the same moment: it exists, which is all we need.
        }
        if (known.size() >= REMEMBERED) {
            known.clear();
        }
        known.add(chain);
    }

    /**
     * Starts a chain in a transaction: its genesis record and its head.
     *
     * @param em the transaction's entity manager
     * @param chain the chain id
     * @param first the record about to be appended, whose time and tenant the genesis takes
     * @return the head, at the genesis record
     */
    AuditChainHeadEntity start(EntityManager em, String chain, AuditRecord first) {
        AuditRecord genesis = AuditChain.genesis(ids.next(IdGenerator.AUDIT, first.occurredAt().toEpochMilli()), chain,
                first.tenantId(), first.occurredAt());
        AuditChainHeadEntity head = new AuditChainHeadEntity(chain, genesis.seq(), genesis.hash());
        em.persist(head);
        em.persist(AuditEntity.of(genesis));
        em.flush();
        return head;
    }

    /** Forgets every chain, after retention or a test emptied the tables. */
    void forget() {
        known.clear();
    }
}
