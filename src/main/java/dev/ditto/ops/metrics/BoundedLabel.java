package dev.ditto.ops.metrics;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The values one label may take: the known ones (from the configuration) always, and up to a
 * cap of others (wildcard model names, future routes) first come, first served; past the cap
 * a value becomes {@value MetricNames#OTHER}. Keeps the number of series bounded whatever
 * clients send. Thread-safe.
 */
final class BoundedLabel {

    /** Longer values are not labels anyone wants to read, and might be a client's junk. */
    private static final int MAX_LENGTH = 200;

    private final Set<String> values = ConcurrentHashMap.newKeySet();
    private final AtomicInteger extra = new AtomicInteger();
    private final int cap;

    BoundedLabel(Collection<String> known, int cap) {
        values.addAll(known);
        this.cap = cap;
    }

    /** Every value that has its own series now, known or extra. */
    Set<String> values() {
        return Set.copyOf(values);
    }

    /** The label value for a value, or {@value MetricNames#NONE} for null. */
    String of(@Nullable String value) {
        if (value == null) {
            return MetricNames.NONE;
        }
        if (values.contains(value)) {
            return value;
        }
        if (value.length() > MAX_LENGTH || extra.incrementAndGet() > cap) {
            extra.decrementAndGet();
            return MetricNames.OTHER;
        }
        if (!values.add(value)) {
            // Another thread added it meanwhile: give the slot back.
            extra.decrementAndGet();
        }
        return value;
    }
}
