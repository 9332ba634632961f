package dev.ditto.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.config.ModelDeployment;
import dev.ditto.gateway.Gateway;
import dev.ditto.provider.echo.EchoModel;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/chat/completions} (also without {@code /v1}). Serves the {@code ditto/echo}
 * demo model, streamed or not; the provider adapters and router take the other models over.
 */
@Path("{v: (v1/)?}chat/completions")
public final class ChatCompletionsResource {

    private final Gateway gateway;

    /**
     * Creates the resource.
     *
     * @param gateway the edge's collaborators
     */
    public ChatCompletionsResource(Gateway gateway) {
        this.gateway = gateway;
    }

    /**
     * Creates a chat completion.
     *
     * @param body the OpenAI chat completion request
     * @return a {@code chat.completion} object, or an SSE stream of {@code chat.completion.chunk}s
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) {
        ObjectMapper json = gateway.json();
        ChatRequest request = ChatRequest.parse(JsonBody.readObject(body, json));
        List<ModelDeployment> group = gateway.catalog().group(request.model())
                .orElseThrow(() -> modelNotFound(request.model()));
        ModelDeployment deployment = group.get(0);
        if (!deployment.litellmParams().provider().equals(EchoModel.PROVIDER)) {
            throw new ApiException(new ApiError(501, ApiError.SERVER, "provider_not_available",
                    "Model '" + request.model() + "' is served by provider '" + deployment.litellmParams().provider()
                            + "', which this build of Ditto cannot call yet; only ditto/echo is served.", "model"));
        }
        EchoModel.EchoReply reply = gateway.echo().reply(request.promptTexts(), request.lastUserText(), request.maxTokens());
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = gateway.clock().instant().getEpochSecond();
        ChatCompletionEncoder encoder = new ChatCompletionEncoder(json, id, created, request.model());
        if (request.stream()) {
            return Response.ok(encoder.stream(reply, request.includeUsage()))
                    .type("text/event-stream")
                    .header("Cache-Control", "no-cache")
                    .header("X-Accel-Buffering", "no")
                    .build();
        }
        return Response.ok(encoder.completion(reply), MediaType.APPLICATION_JSON_TYPE).build();
    }

    static ApiException modelNotFound(String model) {
        return new ApiException(ApiError.invalidRequest(404, "model_not_found",
                "The model '" + model + "' does not exist; GET /v1/models lists the models this gateway serves.", "model"));
    }

    /** The few fields of an OpenAI chat request the gateway needs. */
    record ChatRequest(String model, boolean stream, boolean includeUsage, @Nullable Integer maxTokens,
            List<String> promptTexts, String lastUserText) {

        static ChatRequest parse(ObjectNode body) {
            JsonNode model = body.path("model");
            if (!model.isTextual() || model.asText().isBlank()) {
                throw invalid("'model' is required and must be a string.", "model");
            }
            JsonNode messages = body.path("messages");
            if (!messages.isArray() || messages.isEmpty()) {
                throw invalid("'messages' is required and must be a non-empty array.", "messages");
            }
            JsonNode n = body.path("n");
            if (!n.isMissingNode() && !n.isNull() && n.asInt() != 1) {
                throw invalid("'n' must be 1 for this model.", "n");
            }
            List<String> texts = new ArrayList<>();
            String lastUser = "";
            for (int i = 0; i < messages.size(); i++) {
                JsonNode message = messages.get(i);
                if (!message.isObject() || !message.path("role").isTextual()) {
                    throw invalid("messages[" + i + "] must be an object with a 'role'.", "messages[" + i + "]");
                }
                String text = text(message.path("content"));
                texts.add(text);
                if (message.path("role").asText().equals("user")) {
                    lastUser = text;
                }
            }
            return new ChatRequest(model.asText(), flag(body, "stream"),
                    flag(body.path("stream_options"), "include_usage"), maxTokens(body), texts, lastUser);
        }

        private static String text(JsonNode content) {
            if (content.isTextual()) {
                return content.asText();
            }
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (part.path("type").asText().equals("text")) {
                    text.append(text.length() == 0 ? "" : "\n").append(part.path("text").asText());
                }
            }
            return text.toString();
        }

        private static boolean flag(JsonNode node, String field) {
            JsonNode value = node.path(field);
            if (!value.isMissingNode() && !value.isNull() && !value.isBoolean()) {
                throw invalid("'" + field + "' must be true or false.", field);
            }
            return value.asBoolean(false);
        }

        private static @Nullable Integer maxTokens(ObjectNode body) {
            for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
                JsonNode value = body.path(field);
                if (value.isMissingNode() || value.isNull()) {
                    continue;
                }
                if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
                    throw invalid("'" + field + "' must be a positive integer.", field);
                }
                return value.asInt();
            }
            return null;
        }

        private static ApiException invalid(String message, String param) {
            return new ApiException(ApiError.invalidRequest(400, "invalid_request", message, param));
        }
    }
}
