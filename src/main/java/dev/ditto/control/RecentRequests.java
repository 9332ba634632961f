package dev.ditto.control;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory request recorder: keeps the last {@code capacity} settled requests in a ring,
 * so memory stays flat however many requests pass. What a single node without a database
 * spend log can show, and what tests read to check that every request was recorded once.
 * Thread-safe.
 */
public final class RecentRequests implements RequestRecorder {

    private final RequestRecord[] ring;
    private final long[] countsByStatus = new long[Outcome.Status.values().length];
    private long count;

    /**
     * Creates the ring.
     *
     * @param capacity how many records to keep, at least 1
     */
    public RecentRequests(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1 but was " + capacity);
        }
        this.ring = new RequestRecord[capacity];
    }

    @Override
    public synchronized void record(RequestRecord record) {
        ring[(int) (count % ring.length)] = record;
        count++;
        // Whoever waits on this monitor for a request to settle (tests, a debug endpoint) wakes up.
        notifyAll();
        countsByStatus[record.outcome().status().ordinal()]++;
    }

    /**
     * Returns how many requests ended each way since start, including those the ring has dropped.
     *
     * @return a copy, with every status present (zero when none ended that way)
     */
    public synchronized Map<Outcome.Status, Long> countsByStatus() {
        Map<Outcome.Status, Long> counts = new EnumMap<>(Outcome.Status.class);
        for (Outcome.Status status : Outcome.Status.values()) {
            counts.put(status, countsByStatus[status.ordinal()]);
        }
        return counts;
    }

    /**
     * Returns how many requests were recorded since start, including those the ring has dropped.
     *
     * @return the count
     */
    public synchronized long count() {
        return count;
    }

    /**
     * Returns the kept records, oldest first.
     *
     * @return a copy
     */
    public synchronized List<RequestRecord> snapshot() {
        int kept = (int) Math.min(count, ring.length);
        List<RequestRecord> records = new ArrayList<>(kept);
        for (long i = count - kept; i < count; i++) {
            records.add(ring[(int) (i % ring.length)]);
        }
        return records;
    }
}
