package dev.ditto.control;

import java.util.List;
import java.util.Optional;

/**
 * Keeps settled requests: the spend log, metrics, alerts. Called once per request after
 * settlement, on the thread that settled it, so implementations hand the record off (to a
 * bounded write-behind queue) and return at once; they never block or throw. Thread-safe.
 */
@FunctionalInterface
public interface RequestRecorder {

    /**
     * Keeps one request.
     *
     * @param record the settled request
     */
    void record(RequestRecord record);

    /**
     * Finds a recorder of a given type: this one, or, for {@link #all}, one of its parts.
     *
     * @param type the recorder type, such as {@link RecentRequests}
     * @param <T> the type
     * @return the recorder, or empty when there is none of that type
     */
    default <T extends RequestRecorder> Optional<T> unwrap(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    /**
     * Returns a recorder that hands every record to each of the given ones, in order. One that
     * throws does not keep the record from the others; the first failure is rethrown after all
     * have had the record, with the later ones suppressed, so the caller can log it.
     *
     * <pre>{@code
     * RequestRecorder recorder = RequestRecorder.all(new RecentRequests(1_000), metricsRecorder);
     * }</pre>
     *
     * @param recorders the recorders
     * @return the composite
     */
    static RequestRecorder all(RequestRecorder... recorders) {
        return new AllRecorders(List.of(recorders));
    }
}
