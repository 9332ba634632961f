package dev.ditto.control.budget;

import dev.ditto.control.Money;
import dev.ditto.control.Timestamps;
import dev.ditto.control.Scope;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The worst-case cost held against every scope of a caller while its request runs; committed
 * (the actual cost) and released when it ends. One left behind by a crash is reclaimed by the
 * reaper after {@code createdAt}. Immutable.
 *
 * @param requestId the gateway's request id
 * @param replicaId the gateway node that made it
 * @param scopes every scope it holds budget against
 * @param amount USD held per scope
 * @param tokens tokens held per scope (for tpm limits)
 * @param createdAt when it was made
 */
public record Reservation(String requestId, String replicaId, List<Scope> scopes, BigDecimal amount, long tokens,
        Instant createdAt) {

    /** Copies the scopes and normalizes the amount and time. */
    public Reservation {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(replicaId, "replicaId");
        scopes = List.copyOf(scopes);
        amount = Money.normalize(amount);
        createdAt = Timestamps.truncate(createdAt);
    }
}
