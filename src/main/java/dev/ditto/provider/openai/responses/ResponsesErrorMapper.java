package dev.ditto.provider.openai.responses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.sdk.AuthenticationException;
import dev.ditto.sdk.ContentFilteredException;
import dev.ditto.sdk.ContextWindowExceededException;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.ModelNotFoundException;
import dev.ditto.sdk.ProviderOverloadedException;
import dev.ditto.sdk.ProviderUnavailableException;
import dev.ditto.sdk.QuotaExceededException;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.UpstreamTimeoutException;
import dev.ditto.sdk.http.ErrorResponse;
import dev.ditto.sdk.http.HttpStatusErrorMapper;
import dev.ditto.sdk.http.UpstreamErrorMapper;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Maps OpenAI errors to SDK exceptions: HTTP error answers ({@code {"error":{"message","type",
 * "param","code"}}}) and the errors reported inside a 200 stream ({@code error} events and
 * {@code response.failed}).
 *
 * <p>OpenAI's {@code code} names the cause more precisely than the status (an
 * {@code insufficient_quota} is not retryable although it comes as a 429), so a known code decides
 * the type; everything else is left to {@link HttpStatusErrorMapper}. Stateless and thread-safe.
 */
final class ResponsesErrorMapper implements UpstreamErrorMapper {

    static final ResponsesErrorMapper INSTANCE = new ResponsesErrorMapper(HttpStatusErrorMapper.ofDefaults());

    private static final Map<String, BiFunction<String, ErrorDetails, SdkException>> BY_CODE = Map.ofEntries(
            Map.entry("insufficient_quota", QuotaExceededException::new),
            Map.entry("rate_limit_exceeded", RateLimitedException::new),
            Map.entry("context_length_exceeded", ContextWindowExceededException::new),
            Map.entry("content_policy_violation", ContentFilteredException::new),
            Map.entry("content_filter", ContentFilteredException::new),
            Map.entry("image_content_policy_violation", ContentFilteredException::new),
            Map.entry("invalid_api_key", AuthenticationException::new),
            Map.entry("model_not_found", ModelNotFoundException::new),
            Map.entry("server_error", ProviderUnavailableException::new),
            Map.entry("server_is_overloaded", ProviderOverloadedException::new),
            Map.entry("vector_store_timeout", UpstreamTimeoutException::new),
            Map.entry("invalid_prompt", InvalidRequestException::new),
            Map.entry("invalid_request_error", InvalidRequestException::new));

    private final HttpStatusErrorMapper fallback;

    private ResponsesErrorMapper(HttpStatusErrorMapper fallback) {
        this.fallback = fallback;
    }

    @Override
    public SdkException map(ErrorResponse response) {
        SdkException generic = fallback.map(response);
        JsonNode error = errorObject(response.body());
        String code = Json.text(error, "code");
        if (code == null && "insufficient_quota".equals(Json.text(error, "type"))) {
            code = "insufficient_quota";
        }
        BiFunction<String, ErrorDetails, SdkException> factory = code == null ? null : BY_CODE.get(code);
        if (factory == null) {
            return generic;
        }
        String message = Json.text(error, "message", "(no message)");
        return factory.apply("HTTP " + response.status() + ": " + message, generic.details());
    }

    /**
     * Maps an error reported in a 200 answer (a stream event or a failed response), where there is no HTTP status: by {@code code}, then
     * by {@code type}; an unknown error counts as a provider failure, which may clear on retry.
     *
     * @param error the error object: an {@code error} event (either shape) or a failed response's
     *     {@code error}
     * @param details provider and model of the call
     * @return the exception, carrying the error JSON as its body
     */
    static SdkException reportedError(JsonNode error, ErrorDetails details) {
        String code = Json.text(error, "code");
        String type = Json.text(error, "type");
        BiFunction<String, ErrorDetails, SdkException> factory = code == null ? null : BY_CODE.get(code);
        if (factory == null && type != null) {
            factory = BY_CODE.get(type);
        }
        if (factory == null) {
            factory = ProviderUnavailableException::new;
        }
        String name = code != null ? code : type;
        String message = "the Responses stream reported " + (name == null ? "an error" : "error '" + name + "'")
                + ": " + Json.text(error, "message", "(no message)");
        return factory.apply(message, details.withBody(Json.write(error), false));
    }

    private static JsonNode errorObject(String body) {
        try {
            JsonNode root = Json.parse(body);
            JsonNode error = root.path("error");
            return error.isObject() ? error : Json.object();
        } catch (JsonProcessingException e) {
            return Json.object();
        }
    }
}
