package dev.ditto.control.budget;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Open reservations, durable so that a crashed replica's holds can be found and released.
 * Thread-safe.
 */
public interface ReservationStore {

    /**
     * Records a reservation.
     *
     * @param reservation the reservation
     * @throws dev.ditto.control.ConflictException if one with that request id is open
     */
    void put(Reservation reservation);

    /**
     * Finds an open reservation.
     *
     * @param requestId the request id
     * @return the reservation, or empty
     */
    Optional<Reservation> get(String requestId);

    /**
     * Removes a reservation, when its request settled or the reaper released it.
     *
     * @param requestId the request id
     * @return what was removed, or empty if it was not open (settled twice, or reaped)
     */
    Optional<Reservation> remove(String requestId);

    /**
     * Returns the oldest reservations made before a time: the reaper's candidates.
     *
     * @param cutoff only those created before it
     * @param limit at most this many, 1 to 1000
     * @return the reservations, oldest first
     */
    List<Reservation> olderThan(Instant cutoff, int limit);
}
