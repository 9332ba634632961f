package dev.ditto.ops.jmx;

import dev.ditto.control.Outcome;
import dev.ditto.control.RecentRequests;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The {@link RequestsMXBean} over the in-memory {@link RecentRequests}. Thread-safe. */
public final class RequestsBean implements RequestsMXBean {

    private final RecentRequests requests;

    /**
     * Creates the bean.
     *
     * @param requests the recorder that counts settled requests
     */
    public RequestsBean(RecentRequests requests) {
        this.requests = requests;
    }

    @Override
    public long getTotal() {
        return requests.count();
    }

    @Override
    public long getOk() {
        return count(Outcome.Status.OK);
    }

    @Override
    public long getUpstreamErrors() {
        return count(Outcome.Status.UPSTREAM_ERROR);
    }

    @Override
    public long getStreamErrors() {
        return count(Outcome.Status.STREAM_ERROR);
    }

    @Override
    public long getClientGone() {
        return count(Outcome.Status.CLIENT_GONE);
    }

    @Override
    public long getRejected() {
        return count(Outcome.Status.REJECTED);
    }

    @Override
    public long getGatewayErrors() {
        return count(Outcome.Status.GATEWAY_ERROR);
    }

    @Override
    public Map<String, Long> getCountsByOutcome() {
        Map<String, Long> counts = new LinkedHashMap<>();
        requests.countsByStatus().forEach((status, count) -> counts.put(status.name().toLowerCase(Locale.ROOT), count));
        return counts;
    }

    private long count(Outcome.Status status) {
        return requests.countsByStatus().get(status);
    }
}
