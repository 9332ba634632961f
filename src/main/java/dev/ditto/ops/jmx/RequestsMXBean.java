package dev.ditto.ops.jmx;

import java.util.Map;

/**
 * How this node's settled requests ended since it started: {@code dev.ditto:type=Requests,name=...}.
 * Counters: they only grow until the gateway restarts.
 */
public interface RequestsMXBean {

    /** @return every settled request */
    long getTotal();

    /** @return requests answered whole */
    long getOk();

    /** @return requests whose upstreams failed before an answer started (after retries and fallbacks) */
    long getUpstreamErrors();

    /** @return streams that started and then broke upstream */
    long getStreamErrors();

    /** @return requests whose client left before the answer was delivered */
    long getClientGone();

    /** @return requests refused before an upstream call */
    long getRejected();

    /** @return requests the gateway itself failed */
    long getGatewayErrors();

    /** @return every outcome's count, keyed by outcome name ({@code ok}, {@code upstream_error}, ...) */
    Map<String, Long> getCountsByOutcome();
}
