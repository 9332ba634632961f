package dev.ditto.provider.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ToolCallPart;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Maps a non-streaming Responses API answer (an {@code object: "response"}) to a
 * {@link LanguageModelResult}. Stateless.
 */
final class ResponsesResultMapper {

    private ResponsesResultMapper() {
    }

    /**
     * Maps a response.
     *
     * @param response the parsed body
     * @param warnings what the request mapper dropped or approximated
     * @param declaredTools the request's function tool names
     * @param details provider and model, for errors
     * @return the result
     * @throws dev.ditto.sdk.SdkException if the response is not a response object, or reports that it
     *     failed
     */
    static LanguageModelResult map(JsonNode response, List<Warning> warnings, Set<String> declaredTools,
            ErrorDetails details) {
        if (!response.isObject() || !response.path("output").isArray()) {
            throw new UnexpectedResponseException("the Responses API answer has no output array", details);
        }
        if (Json.has(response, "error") || ResponsesStatus.FAILED.equals(Json.text(response, "status"))) {
            JsonNode error = response.path("error").isObject() ? response.get("error") : Json.object();
            throw ResponsesErrorMapper.reportedError(error, details);
        }
        LanguageModelResult.Builder result = LanguageModelResult.builder();
        boolean hasFunctionCall = false;
        for (JsonNode item : response.path("output")) {
            for (ContentPart part : OutputItems.toParts(item, declaredTools)) {
                hasFunctionCall |= part instanceof ToolCallPart;
                result.addContent(part);
            }
        }
        ResponsesStatus status = status(response);
        warnings.forEach(result::addWarning);
        return result.finishReason(status.finishReason(hasFunctionCall), status.raw())
                .usage(usage(response.get("usage")))
                .responseId(Json.text(response, "id"))
                .modelId(Json.text(response, "model"))
                .createdAt(createdAt(response))
                .providerMetadata(responseMetadata(response))
                .build();
    }

    static ResponsesStatus status(JsonNode response) {
        return new ResponsesStatus(Json.text(response, "status", ResponsesStatus.COMPLETED),
                Json.text(response.path("incomplete_details"), "reason"));
    }

    static Usage usage(@Nullable JsonNode usage) {
        ResponsesUsage wire = ResponsesUsage.read(usage);
        return wire == null ? Usage.empty() : wire.toUsage(usage);
    }

    static @Nullable Instant createdAt(JsonNode response) {
        Long seconds = Json.longValue(response, "created_at");
        return seconds == null ? null : Instant.ofEpochSecond(seconds);
    }

    /** Returns the response id and service tier, which callers need for {@code previous_response_id}. */
    static ProviderMetadata responseMetadata(JsonNode response) {
        ObjectNode meta = Json.object();
        String id = Json.text(response, "id");
        if (id != null) {
            meta.put(OpenAiKeys.RESPONSE_ID, id);
        }
        String tier = Json.text(response, "service_tier");
        if (tier != null) {
            meta.put(OpenAiKeys.SERVICE_TIER, tier);
        }
        return meta.isEmpty() ? ProviderMetadata.empty() : ProviderMetadata.of(OpenAiKeys.PROVIDER, meta);
    }
}
