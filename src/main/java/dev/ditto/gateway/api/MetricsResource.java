package dev.ditto.gateway.api;

import dev.ditto.gateway.Gateway;
import dev.ditto.ops.MetricsExposition;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * {@code GET /metrics} (also {@code /metrics/}): every meter in Prometheus' text exposition
 * format, for a scraper. Guarded by {@link MetricsAuth}. The content type is fixed rather than
 * negotiated, so a scraper's {@code Accept} (which prefers OpenMetrics) never turns into a 406.
 */
@Path("metrics")
public final class MetricsResource {

    private final MetricsExposition metrics;
    private final MetricsAuth auth;

    /**
     * Creates the resource.
     *
     * @param gateway the edge's collaborators
     */
    public MetricsResource(Gateway gateway) {
        this.metrics = gateway.metrics();
        this.auth = MetricsAuth.from(gateway.settings());
    }

    /**
     * Writes the current values of every meter.
     *
     * @param headers the request headers, for the token or master key
     * @return 200 with the exposition
     * @throws ApiException 401 or 403, see {@link MetricsAuth#require}
     */
    @GET
    public Response scrape(@Context HttpHeaders headers) {
        auth.require(headers);
        StreamingOutput body = metrics::writeTo;
        return Response.ok(body).header(HttpHeaders.CONTENT_TYPE, MetricsExposition.CONTENT_TYPE)
                .header("cache-control", "no-store").build();
    }
}
