package dev.ditto.store.jpa;

import dev.ditto.control.Scope;
import dev.ditto.control.budget.Reservation;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A row of {@code ditto_reservation}. */
@Entity
@Table(name = "ditto_reservation")
class ReservationEntity {

    @Id
    @Column(name = "request_id", length = 128)
    String requestId = "";

    @Column(name = "replica_id", nullable = false, length = 64)
    String replicaId = "";

    @Convert(converter = JsonText.StringList.class)
    @Column(name = "scopes", nullable = false, length = 10_000)
    List<String> scopes = List.of();

    @Column(name = "amount", nullable = false, precision = 20, scale = 10)
    BigDecimal amount = BigDecimal.ZERO;

    @Column(name = "tokens", nullable = false)
    long tokens;

    @Column(name = "created_at", nullable = false)
    Instant createdAt = Instant.EPOCH;

    /** For JPA. */
    ReservationEntity() {}

    static ReservationEntity of(Reservation reservation) {
        ReservationEntity entity = new ReservationEntity();
        entity.requestId = reservation.requestId();
        entity.replicaId = reservation.replicaId();
        entity.scopes = reservation.scopes().stream().map(Scope::toString).toList();
        entity.amount = reservation.amount();
        entity.tokens = reservation.tokens();
        entity.createdAt = reservation.createdAt();
        return entity;
    }

    Reservation toRecord() {
        return new Reservation(requestId, replicaId, scopes.stream().map(Scope::parse).toList(), amount, tokens,
                createdAt);
    }
}
