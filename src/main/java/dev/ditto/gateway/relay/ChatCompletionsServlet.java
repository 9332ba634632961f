package dev.ditto.gateway.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.gateway.Gateway;
import dev.ditto.gateway.api.ApiError;
import dev.ditto.gateway.api.ApiException;
import dev.ditto.gateway.api.ErrorResponses;
import dev.ditto.gateway.api.JsonBody;
import dev.ditto.provider.openai.OpenAiChatEdgeCodec;
import dev.ditto.provider.openai.OpenAiChatEdgeRequest;
import dev.ditto.sdk.InvalidRequestException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions} (also without {@code /v1}): decodes the OpenAI request,
 * then hands it to a {@link ChatExchange} on an asynchronous request, so no container thread
 * waits for the upstream. A plain servlet rather than a Jakarta REST resource because it needs
 * non-blocking output with back-pressure.
 */
public final class ChatCompletionsServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsServlet.class);

    private transient Gateway gateway;
    private final transient OpenAiChatEdgeCodec codec = OpenAiChatEdgeCodec.ofDefaults();

    @Override
    public void init() {
        gateway = Gateway.from(getServletContext());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long startedAt = gateway.dataPlane().ticker().read();
        try {
            requireJson(request);
            ObjectNode body = JsonBody.readObject(request.getInputStream(), gateway.json());
            OpenAiChatEdgeRequest edge = codec.decodeRequest(body);
            if (gateway.catalog().group(edge.model()).isEmpty()) {
                throw new ApiException(ApiError.invalidRequest(404, "model_not_found", "The model '" + edge.model()
                        + "' does not exist; GET /v1/models lists the models this gateway serves.", "model"));
            }
            AsyncContext async = request.startAsync();
            async.setTimeout(0);
            new ChatExchange(gateway.dataPlane(), codec, edge, async, gateway.json(), startedAt).start();
        } catch (ApiException e) {
            ErrorResponses.write(e.error(), gateway.json(), response);
        } catch (InvalidRequestException e) {
            OpenAiChatEdgeCodec.EncodedError error = codec.encodeError(e);
            response.setStatus(error.status());
            response.setContentType("application/json");
            response.getOutputStream().write(gateway.json().writeValueAsBytes(error.body()));
        } catch (RuntimeException e) {
            ErrorResponses.write(ErrorResponses.internal(e, LOG), gateway.json(), response);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "POST");
        ErrorResponses.write(ApiError.invalidRequest(405, "method_not_allowed",
                "Method GET is not allowed on " + request.getRequestURI() + ".", null), gateway.json(), response);
    }

    private static void requireJson(HttpServletRequest request) {
        String type = request.getContentType();
        if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(ApiError.invalidRequest(415, "unsupported_media_type", "Unsupported Content-Type '"
                    + type + "' on POST " + request.getRequestURI() + "; send application/json.", null));
        }
    }
}
