package dev.ditto.control.audit;

import dev.ditto.sdk.Ticker;
import java.util.HashMap;
import java.util.Map;

/**
 * Lets at most {@code perSecond} events of each action through per second (a fixed one-second
 * window per action) and counts the rest, so a flood of rejected keys costs the audit log a few
 * rows a second. Tracks at most {@value #MAX_ACTIONS} actions; further ones share one window.
 * Thread-safe (one lock; held for a map lookup and two additions).
 */
final class EventSampler {

    static final int MAX_ACTIONS = 64;
    private static final long SECOND = 1_000_000_000L;
    private static final String OTHER = "*";

    private final int perSecond;
    private final Ticker ticker;
    private final Map<String, Window> windows = new HashMap<>();

    EventSampler(int perSecond, Ticker ticker) {
        this.perSecond = perSecond;
        this.ticker = ticker;
    }

    /**
     * Decides about one event.
     *
     * @param action its action
     * @return -1 to leave it out; else how many events of the action were left out before it
     */
    synchronized long admit(String action) {
        String key = windows.containsKey(action) || windows.size() < MAX_ACTIONS ? action : OTHER;
        Window window = windows.computeIfAbsent(key, k -> new Window());
        long now = ticker.read();
        if (window.count == 0 || now - window.start >= SECOND) {
            window.start = now;
            window.count = 0;
        }
        if (window.count >= perSecond) {
            window.suppressed++;
            return -1;
        }
        window.count++;
        long suppressed = window.suppressed;
        window.suppressed = 0;
        return suppressed;
    }

    /** One action's current second. */
    private static final class Window {
        long start;
        int count;
        long suppressed;
    }
}
