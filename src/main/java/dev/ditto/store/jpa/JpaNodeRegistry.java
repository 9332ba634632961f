package dev.ditto.store.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * Records each gateway process in {@code ditto_node} when it starts and when it stops, so that
 * operators can see which replicas ran, which version, and which ones stopped without a clean
 * shutdown. Runs at startup and shutdown only, never on the request path.
 */
public final class JpaNodeRegistry {

    private final EntityManagerFactory factory;
    private final Clock clock;

    /**
     * Creates the registry.
     *
     * @param factory the persistence unit
     * @param clock wall time, shared across nodes
     */
    public JpaNodeRegistry(EntityManagerFactory factory, Clock clock) {
        this.factory = factory;
        this.clock = clock;
    }

    /**
     * Records that a node started.
     *
     * @param nodeId the node's id
     * @param hostName the host it runs on
     * @param version the gateway version
     */
    public void started(String nodeId, String hostName, String version) {
        inTransaction(em -> em.persist(new GatewayNodeEntity(nodeId, hostName, version, clock.instant())));
    }

    /**
     * Records that a node stopped cleanly.
     *
     * @param nodeId the node's id
     */
    public void stopped(String nodeId) {
        inTransaction(em -> {
            GatewayNodeEntity node = em.find(GatewayNodeEntity.class, nodeId);
            if (node != null) {
                node.setStoppedAt(clock.instant());
            }
        });
    }

    /**
     * Lists the nodes that have not stopped cleanly, newest first.
     *
     * @return the running (or crashed) nodes
     */
    public List<GatewayNodeEntity> running() {
        EntityManager em = factory.createEntityManager();
        try {
            return em.createQuery(
                            "select n from GatewayNodeEntity n where n.stoppedAt is null order by n.startedAt desc",
                            GatewayNodeEntity.class)
                    .getResultList();
        } finally {
            em.close();
        }
    }

    private void inTransaction(Consumer<EntityManager> work) {
        EntityManager em = factory.createEntityManager();
        try {
            em.getTransaction().begin();
            work.accept(em);
            em.getTransaction().commit();
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }
}
