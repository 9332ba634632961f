package dev.ditto.ops.jmx;

import java.beans.ConstructorProperties;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a reap released, as JMX shows it (a composite value: JavaBean getters, as the MXBean
 * mapping needs). Immutable.
 */
public final class ReapView {

    private final boolean dryRun;
    private final int count;
    private final BigDecimal usd;
    private final long tokens;
    private final long slots;
    private final List<String> requestIds;

    /**
     * Creates the view.
     *
     * @param dryRun whether nothing was changed
     * @param count how many reservations
     * @param usd the USD they held, over all their budgets
     * @param tokens the estimated tokens they counted
     * @param slots the parallel-request slots they held
     * @param requestIds the requests that made them, oldest first
     */
    @ConstructorProperties({"dryRun", "count", "usd", "tokens", "slots", "requestIds"})
    public ReapView(boolean dryRun, int count, BigDecimal usd, long tokens, long slots, List<String> requestIds) {
        this.dryRun = dryRun;
        this.count = count;
        this.usd = usd;
        this.tokens = tokens;
        this.slots = slots;
        this.requestIds = List.copyOf(requestIds);
    }

    /** @return whether nothing was changed */
    public boolean isDryRun() {
        return dryRun;
    }

    /** @return how many reservations */
    public int getCount() {
        return count;
    }

    /** @return the USD they held */
    public BigDecimal getUsd() {
        return usd;
    }

    /** @return the estimated tokens they counted */
    public long getTokens() {
        return tokens;
    }

    /** @return the parallel-request slots they held */
    public long getSlots() {
        return slots;
    }

    /** @return the requests that made them, oldest first */
    public List<String> getRequestIds() {
        return requestIds;
    }
}
