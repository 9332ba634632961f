package dev.ditto.store.jpa;

import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.audit.AuditChain;
import dev.ditto.control.audit.AuditFilter;
import dev.ditto.control.audit.AuditRecord;
import dev.ditto.control.audit.AuditStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hibernate.Session;
import org.jspecify.annotations.Nullable;

/**
 * {@link AuditStore} on {@code ditto_audit}, with one hash chain per tenant and one global
 * chain. An append locks the chain's head row ({@code SELECT ... FOR UPDATE} on
 * {@code ditto_audit_chain_head}), numbers and hashes the records after the head, inserts them
 * and moves the head, all in the caller's transaction: writers on any number of replicas
 * serialize per chain, and a rolled-back transaction leaves no gap. Chains are locked in chain
 * id order, so two batches never wait for each other in a cycle. A chain's head and genesis
 * record are created in a transaction of their own the first time a chain is used.
 */
final class JpaAuditStore implements AuditStore {

    private static final String INSERT = "INSERT INTO ditto_audit (id, occurred_at, actor, actor_role, action,"
            + " target_type, target_id, before_json, after_json, request_id, client_address, tenant_id, prev_hash, hash,"
            + " chain_id, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Transactions tx;
    private final AuditChains chains;

    JpaAuditStore(Transactions tx, AuditChains chains) {
        this.tx = tx;
        this.chains = chains;
    }

    @Override
    public AuditRecord append(AuditRecord record) {
        return appendAll(List.of(record)).get(0);
    }

    @Override
    public List<AuditRecord> appendAll(List<AuditRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        // Chain id order is the lock order; within a chain, the order given.
        Map<String, List<Integer>> byChain = new TreeMap<>();
        for (int i = 0; i < records.size(); i++) {
            byChain.computeIfAbsent(AuditChain.chainOf(records.get(i).tenantId()), chain -> new ArrayList<>()).add(i);
        }
        byChain.forEach((chain, indexes) -> chains.ensure(chain, records.get(indexes.get(0))));
        return tx.call(em -> {
            AuditRecord[] stored = new AuditRecord[records.size()];
            for (Map.Entry<String, List<Integer>> chain : byChain.entrySet()) {
                AuditChainHeadEntity head = em.find(AuditChainHeadEntity.class, chain.getKey(),
                        LockModeType.PESSIMISTIC_WRITE);
                if (head == null) {
                    // Remembered but gone (the tables were emptied): start it again, in this transaction.
                    head = chains.start(em, chain.getKey(), records.get(chain.getValue().get(0)));
                }
                for (int index : chain.getValue()) {
                    AuditRecord linked = AuditChain.link(records.get(index), head.chain, head.lastSeq + 1, head.lastHash);
                    head.lastSeq = linked.seq();
                    head.lastHash = linked.hash();
                    stored[index] = linked;
                }
            }
            // Plain JDBC batches: the rows are never read back in this transaction, and skipping
            // the persistence context makes a batch several times cheaper.
            em.unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    for (AuditRecord record : stored) {
                        bind(insert, record);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            });
            em.flush();
            return List.of(stored);
        });
    }

    private static void bind(PreparedStatement insert, AuditRecord record) throws SQLException {
        insert.setString(1, record.id());
        insert.setObject(2, record.occurredAt().atOffset(ZoneOffset.UTC));
        insert.setString(3, record.actor());
        insert.setString(4, record.role());
        insert.setString(5, record.action());
        insert.setString(6, record.targetType());
        setNullable(insert, 7, record.targetId());
        setNullable(insert, 8, record.before());
        setNullable(insert, 9, record.after());
        setNullable(insert, 10, record.requestId());
        setNullable(insert, 11, record.clientAddress());
        setNullable(insert, 12, record.tenantId());
        insert.setString(13, record.prevHash());
        insert.setString(14, record.hash());
        insert.setString(15, record.chain());
        insert.setLong(16, record.seq());
    }

    private static void setNullable(PreparedStatement statement, int index, @Nullable String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    @Override
    public Optional<AuditRecord> get(String id) {
        return tx.call(em -> Optional.ofNullable(em.find(AuditEntity.class, id)).map(AuditEntity::toRecord));
    }

    @Override
    public Page<AuditRecord> list(AuditFilter filter, PageRequest page) {
        // A chain's genesis record says nothing about who did what: only exports show it.
        Keyset where = filters(filter).eq("tenantId", filter.tenantId())
                .where("e.action <> :genesis", Map.of("genesis", AuditChain.GENESIS_ACTION));
        return tx.call(em -> where.byTime(em, AuditEntity.class, "occurredAt", page, entity -> entity.occurredAt,
                entity -> entity.id, AuditEntity::toRecord));
    }

    @Override
    public Page<AuditRecord> listChained(AuditFilter filter, PageRequest page) {
        return tx.call(em -> {
            // The chain is the tenant's: filtering on it uses the (chain_id, seq) index.
            Keyset where = filters(filter).eq("chain", filter.tenantId() == null ? null
                    : AuditChain.chainOf(filter.tenantId())).where("e.chain is not null", Map.of());
            if (page.cursor() != null) {
                AuditEntity last = em.find(AuditEntity.class, page.cursor());
                if (last == null || last.chain == null || last.seq == null) {
                    throw new IllegalArgumentException("invalid cursor '" + page.cursor()
                            + "': pass the id of the last record received (no audit record has this id)");
                }
                Map<String, Object> after = new LinkedHashMap<>();
                after.put("cursorChain", last.chain);
                after.put("cursorSeq", last.seq);
                where.where("(e.chain > :cursorChain or (e.chain = :cursorChain and e.seq > :cursorSeq))", after);
            }
            List<AuditEntity> rows = where.bind(em.createQuery("select e from AuditEntity e" + where.whereClause()
                    + " order by e.chain, e.seq", AuditEntity.class)).setMaxResults(page.limit() + 1).getResultList();
            boolean more = rows.size() > page.limit();
            List<AuditRecord> items = new ArrayList<>(Math.min(rows.size(), page.limit()));
            for (AuditEntity row : more ? rows.subList(0, page.limit()) : rows) {
                items.add(row.toRecord());
            }
            em.clear();
            return new Page<>(items, more ? items.get(items.size() - 1).id() : null, page.limit());
        });
    }

    private static Keyset filters(AuditFilter filter) {
        return new Keyset().eq("actor", filter.actor()).eq("action", filter.action())
                .eq("targetType", filter.targetType()).eq("targetId", filter.targetId())
                .range("occurredAt", filter.time().from(), filter.time().to());
    }

    /** Reads the stored head of a chain, for tests and retention. */
    static Optional<AuditChainHeadEntity> head(EntityManager em, String chain) {
        return Optional.ofNullable(em.find(AuditChainHeadEntity.class, chain));
    }
}
