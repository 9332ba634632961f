package dev.ditto.ops;

/**
 * Where the response cache reports its lookups. The counters exist (at zero) before the cache
 * does, so dashboards and alerts can refer to them. Thread-safe; never throws.
 */
public interface CacheMetrics {

    /**
     * Returns the sink that ignores everything.
     *
     * @return the no-op sink
     */
    static CacheMetrics none() {
        return hit -> { };
    }

    /**
     * Records one lookup.
     *
     * @param hit true if the answer came from the cache
     */
    void lookup(boolean hit);
}
