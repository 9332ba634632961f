package dev.ditto.gateway.routing;

import dev.ditto.sdk.Ticker;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the load-aware strategies read about each deployment: requests in flight, an
 * exponentially weighted moving average of time to first token, and requests and tokens used
 * in the current minute. Thread-safe, lock-free, bounded by the number of deployments.
 */
public final class DeploymentStats {

    /** Weight of the newest latency sample in the moving average. */
    static final double EWMA_ALPHA = 0.3;
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    private final Ticker ticker;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Usage(long windowStart, long requests, long tokens) {}

    private static final class Entry {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicReference<Double> latencyMillis = new AtomicReference<>(Double.NaN);
        final AtomicReference<Usage> usage;

        Entry(long now) {
            usage = new AtomicReference<>(new Usage(now, 0, 0));
        }
    }

    /**
     * Creates stats for a fixed set of deployments.
     *
     * @param deploymentIds every deployment id
     * @param ticker monotonic time
     */
    public DeploymentStats(Collection<String> deploymentIds, Ticker ticker) {
        this.ticker = ticker;
        long now = ticker.read();
        deploymentIds.forEach(id -> entries.put(id, new Entry(now)));
    }

    /**
     * Takes over the counts of the deployments previous stats also had (in flight, latency, this
     * minute's usage), shared from then on, so a configuration reload keeps load-aware routing
     * informed and attempts still in flight on the old routes finish here.
     *
     * @param previous the stats of the configuration being replaced
     */
    void adopt(DeploymentStats previous) {
        entries.replaceAll((id, fresh) -> previous.entries.getOrDefault(id, fresh));
    }

    /** Marks the start of an attempt: one more in flight, one more request this minute. */
    public void started(String id) {
        Entry entry = entries.get(id);
        if (entry != null) {
            entry.inFlight.incrementAndGet();
            addUsage(entry, 1, 0);
        }
    }

    /**
     * Marks the end of an attempt.
     *
     * @param id the deployment
     * @param tokens tokens the attempt used (0 if unknown)
     */
    public void finished(String id, long tokens) {
        Entry entry = entries.get(id);
        if (entry != null) {
            entry.inFlight.decrementAndGet();
            addUsage(entry, 0, tokens);
        }
    }

    /**
     * Records a time to first token (or to the whole answer, when not streaming).
     *
     * @param id the deployment
     * @param latency the measured latency
     */
    public void latency(String id, Duration latency) {
        Entry entry = entries.get(id);
        if (entry == null) {
            return;
        }
        double sample = latency.toNanos() / 1e6;
        entry.latencyMillis.updateAndGet(old -> old.isNaN() ? sample : EWMA_ALPHA * sample + (1 - EWMA_ALPHA) * old);
    }

    /**
     * Returns the attempts in flight now.
     *
     * @param id the deployment
     * @return the count; 0 for an unknown id
     */
    public int inFlight(String id) {
        Entry entry = entries.get(id);
        return entry == null ? 0 : entry.inFlight.get();
    }

    /**
     * Returns the moving average of time to first token (or to the whole answer).
     *
     * @param id the deployment
     * @return milliseconds, or NaN before the first sample
     */
    public double latencyMillis(String id) {
        Entry entry = entries.get(id);
        return entry == null ? Double.NaN : entry.latencyMillis.get();
    }

    /**
     * Returns the attempts started in the current minute window.
     *
     * @param id the deployment
     * @return the count; 0 for an unknown id
     */
    public long requestsThisMinute(String id) {
        Entry entry = entries.get(id);
        return entry == null ? 0 : current(entry).requests();
    }

    /**
     * Returns the tokens reported in the current minute window.
     *
     * @param id the deployment
     * @return the count; 0 for an unknown id
     */
    public long tokensThisMinute(String id) {
        Entry entry = entries.get(id);
        return entry == null ? 0 : current(entry).tokens();
    }

    private Usage current(Entry entry) {
        Usage usage = entry.usage.get();
        return ticker.read() - usage.windowStart() >= MINUTE ? new Usage(ticker.read(), 0, 0) : usage;
    }

    private void addUsage(Entry entry, long requests, long tokens) {
        long now = ticker.read();
        entry.usage.updateAndGet(usage -> now - usage.windowStart() >= MINUTE
                ? new Usage(now, requests, tokens)
                : new Usage(usage.windowStart(), usage.requests() + requests, usage.tokens() + tokens));
    }
}
