package dev.ditto.gateway.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.provider.anthropic.AnthropicEdgeCodec;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * {@code POST /v1/messages/count_tokens} (also without {@code /v1}): Anthropic clients asking
 * how many input tokens a Messages request would take, for any deployment. Anthropic
 * deployments answer themselves; the others are counted locally. Errors in Anthropic's shape.
 */
public final class CountTokensServlet extends RelayServlet {

    /** Created by the servlet container from web.xml. */
    public CountTokensServlet() {
        super(EdgeFormats.anthropicMessages(), null);
    }

    @Override
    void start(ObjectNode body, byte[] raw, HttpServletRequest request, long startedAt) throws IOException {
        AnthropicEdgeCodec.DecodedRequest decoded = AnthropicEdgeCodec.ofDefaults()
                .decodeCountTokensRequest(body, EdgeFormats.anthropicBetas(request));
        requireModel(decoded.model());
        new CountTokensExchange(gateway().dataPlane(), gateway().tokens(), format(), decoded, startAsync(request),
                gateway().json(), startedAt).start();
    }
}
