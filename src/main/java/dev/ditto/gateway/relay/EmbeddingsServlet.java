package dev.ditto.gateway.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/** {@code POST /v1/embeddings} (also without {@code /v1}): OpenAI embedding clients, any embedding provider behind. */
public final class EmbeddingsServlet extends RelayServlet {

    /** Created by the servlet container from web.xml. */
    public EmbeddingsServlet() {
        super(EdgeFormats.openAiChat(), OpenAiRoute.EMBEDDINGS);
    }

    @Override
    void start(ObjectNode body, byte[] raw, HttpServletRequest request, long startedAt) throws IOException {
        EmbeddingsCodec.Decoded decoded = EmbeddingsCodec.decode(body);
        requireModel(decoded.model());
        long prompt = promptTokens(request, decoded.model(), modelId -> decoded.request().inputs().stream()
                .mapToLong(input -> gateway().tokens().countText(input, modelId)).sum());
        Settlement settlement = admit(request, decoded.model(), null, false, startedAt, prompt);
        run(settlement, request, decoded.model(), AdapterCalls.embeddings(decoded), passthrough(raw, false, false));
    }
}
