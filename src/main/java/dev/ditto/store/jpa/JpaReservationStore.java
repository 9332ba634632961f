package dev.ditto.store.jpa;

import dev.ditto.control.budget.Reservation;
import dev.ditto.control.budget.ReservationStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link ReservationStore} on {@code ditto_reservation}. */
final class JpaReservationStore implements ReservationStore {

    private final Transactions tx;

    JpaReservationStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void put(Reservation reservation) {
        tx.call(em -> {
            em.persist(ReservationEntity.of(reservation));
            em.flush();
            return null;
        });
    }

    @Override
    public Optional<Reservation> get(String requestId) {
        return tx.call(em -> Optional.ofNullable(em.find(ReservationEntity.class, requestId))
                .map(ReservationEntity::toRecord));
    }

    @Override
    public Optional<Reservation> remove(String requestId) {
        return tx.call(em -> {
            ReservationEntity entity = em.find(ReservationEntity.class, requestId);
            if (entity == null) {
                return Optional.empty();
            }
            em.remove(entity);
            em.flush();
            return Optional.of(entity.toRecord());
        });
    }

    @Override
    public List<Reservation> olderThan(Instant cutoff, int limit) {
        Keyset.checkLimit(limit);
        return tx.call(em -> em.createQuery("select e from ReservationEntity e where e.createdAt < :cutoff"
                        + " order by e.createdAt, e.requestId", ReservationEntity.class)
                .setParameter("cutoff", cutoff)
                .setMaxResults(limit)
                .getResultList().stream().map(ReservationEntity::toRecord).toList());
    }
}
