package dev.ditto.control;

import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What is kept of one settled request: a spend-log row and the source of its metrics.
 *
 * @param requestId the gateway's request id
 * @param startedAt when the gateway received it
 * @param caller who called
 * @param route the route group
 * @param model the model group asked for, if any
 * @param outcome how it ended and what it used
 * @param cost the USD cost charged, or null when not priced
 */
public record RequestRecord(String requestId, Instant startedAt, Caller caller, String route, @Nullable String model,
        Outcome outcome, @Nullable BigDecimal cost) {}
