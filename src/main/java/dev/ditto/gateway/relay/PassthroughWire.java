package dev.ditto.gateway.relay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.http.SseEvent;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What passthrough reads and writes around the bytes it relays: usage found cheaply in bodies
 * and events, the upstream headers worth relaying, and the error event that ends a stream the
 * upstream broke. Stateless.
 */
final class PassthroughWire {

    /** Relayed upstream headers get this prefix, as LiteLLM names them, so they never pass for the gateway's own. */
    static final String UPSTREAM_HEADER_PREFIX = "llm_provider-";
    private static final List<String> RELAYED_HEADERS = List.of("x-request-id", "openai-processing-ms",
            "openai-version");
    private static final String RELAYED_HEADER_FAMILY = "x-ratelimit-";
    private static final String USAGE = "\"usage\"";
    private static final Set<Integer> HIDDEN_STATUSES = Set.of(401, 403, 429);

    private PassthroughWire() {}

    /**
     * Tells, without parsing, whether event data may hold a usage object: a {@code "usage"} key
     * followed by {@code {}; the {@code "usage":null} of every other chunk does not count.
     */
    static boolean mayCarryUsage(String data) {
        for (int at = data.indexOf(USAGE); at >= 0; at = data.indexOf(USAGE, at + USAGE.length())) {
            int i = skipSpace(data, at + USAGE.length());
            if (i < data.length() && data.charAt(i) == ':') {
                i = skipSpace(data, i + 1);
                if (i < data.length() && data.charAt(i) == '{') {
                    return true;
                }
            }
        }
        return false;
    }

    /** The parsed event, when it may carry usage and is JSON; null for all the others, which stay unparsed. */
    static @Nullable JsonNode usageCarrier(String data, ObjectMapper json) {
        if (!mayCarryUsage(data)) {
            return null;
        }
        try {
            return json.readTree(data);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Finds the top-level {@code usage} object of a JSON body with a streaming parser, skipping
     * everything else without building it (an embeddings answer is mostly numbers).
     */
    static @Nullable JsonNode bodyUsage(byte[] body, ObjectMapper json) {
        try (JsonParser parser = json.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals("usage")) {
                    JsonNode usage = json.readTree(parser);
                    return usage != null && usage.isObject() ? usage : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The upstream's request id, processing time, API version and rate-limit headers, prefixed. */
    static Map<String, String> relayedHeaders(HttpHeaders headers) {
        Map<String, String> relayed = new LinkedHashMap<>();
        headers.map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!values.isEmpty() && (RELAYED_HEADERS.contains(lower) || lower.startsWith(RELAYED_HEADER_FAMILY))) {
                relayed.put(UPSTREAM_HEADER_PREFIX + lower, values.get(0));
            }
        });
        return relayed;
    }

    /**
     * The upstream's own error answer to a forwarded request, to relay as it is when the client
     * got it wrong (4xx, so OpenAI's {@code param} and {@code code} reach the client); empty for
     * credential, permission and rate-limit errors, whose text may name the gateway's own
     * account, and for bodies that are not OpenAI's error envelope.
     */
    static Optional<EdgeFormat.Error> clientError(SdkException failure, ObjectMapper json) {
        Integer status = failure.status();
        String body = failure.errorBody();
        if (status == null || status < 400 || status > 499 || HIDDEN_STATUSES.contains(status) || body == null
                || failure.details().bodyTruncated()) {
            return Optional.empty();
        }
        try {
            JsonNode parsed = json.readTree(body);
            return parsed instanceof ObjectNode envelope && envelope.path("error").isObject()
                    ? Optional.of(new EdgeFormat.Error(status, envelope, null)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The event that ends a stream the upstream broke after it started, in the route's shape:
     * Chat and completions clients read {@code data: {"error":{...}}}; Responses clients an
     * {@code error} event.
     */
    static byte[] streamError(OpenAiRoute route, ObjectNode errorBody, ObjectMapper json) {
        if (route != OpenAiRoute.RESPONSES) {
            return SseBytes.of(SseEvent.of(errorBody.toString()));
        }
        JsonNode error = errorBody.path("error");
        ObjectNode event = json.createObjectNode().put("type", "error");
        event.set("code", error.path("code").isMissingNode() ? null : error.get("code"));
        event.set("message", error.get("message"));
        event.set("param", error.path("param").isMissingNode() ? null : error.get("param"));
        return SseBytes.of(SseEvent.of("error", event.toString()));
    }

    private static int skipSpace(String data, int from) {
        int i = from;
        while (i < data.length() && Character.isWhitespace(data.charAt(i))) {
            i++;
        }
        return i;
    }
}
