package dev.ditto.control;

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
}
