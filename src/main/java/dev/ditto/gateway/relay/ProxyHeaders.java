package dev.ditto.gateway.relay;

import jakarta.servlet.http.HttpServletResponse;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which upstream response headers a passthrough answer keeps: those that describe the answer
 * (type, disposition, when to retry, OpenAI's processing headers), never those that describe the
 * connection or the upstream account. The upstream's request id keeps a name of its own, because
 * {@code x-request-id} is the gateway's.
 */
final class ProxyHeaders {

    /** The upstream's request id. */
    static final String UPSTREAM_REQUEST_ID_HEADER = "x-ditto-upstream-request-id";
    private static final Set<String> RELAYED = Set.of("content-type", "content-disposition", "retry-after",
            "retry-after-ms");
    /** OpenAI headers that name the upstream account rather than describe the answer. */
    private static final Set<String> ACCOUNT = Set.of("openai-organization", "openai-project");

    private ProxyHeaders() {}

    /** Copies the headers worth keeping onto the client's response (first value of each). */
    static void relay(HttpHeaders headers, HttpServletResponse response) {
        for (Map.Entry<String, List<String>> header : headers.map().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            List<String> values = header.getValue();
            if (values.isEmpty()) {
                continue;
            }
            if (RELAYED.contains(name) || name.startsWith("openai-") && !ACCOUNT.contains(name)) {
                response.setHeader(name, values.get(0));
            } else if (name.equals("x-request-id")) {
                response.setHeader(UPSTREAM_REQUEST_ID_HEADER, values.get(0));
            }
        }
    }
}
