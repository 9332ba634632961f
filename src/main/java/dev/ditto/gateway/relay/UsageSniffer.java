package dev.ditto.gateway.relay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.ditto.sdk.Usage;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads the top-level {@code usage} object of a JSON answer as its bytes are relayed, with
 * Jackson's non-blocking parser: nothing but the usage object itself is kept, so an image answer
 * of many megabytes of base64 costs no memory. Understands the OpenAI shapes
 * ({@code prompt_tokens}/{@code completion_tokens}, {@code input_tokens}/{@code output_tokens},
 * {@code total_tokens}); anything it cannot parse just yields no usage.
 *
 * <p>Not thread-safe: one answer, fed in order.
 */
final class UsageSniffer {

    private final ObjectMapper json;
    private final JsonParser parser;
    private int depth;
    private boolean usageNext;
    private @Nullable TokenBuffer capture;
    private int captureDepth;
    private @Nullable JsonNode usage;
    private boolean broken;

    UsageSniffer(ObjectMapper json) {
        this.json = json;
        JsonParser created;
        try {
            created = json.getFactory().createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new IllegalStateException("Jackson always makes a non-blocking parser", e);
        }
        this.parser = created;
    }

    /**
     * Parses the next bytes.
     *
     * @param bytes the chunk; not kept
     */
    void feed(byte[] bytes) {
        if (broken || usage != null) {
            return;
        }
        try {
            ((ByteArrayFeeder) parser.getNonBlockingInputFeeder()).feedInput(bytes, 0, bytes.length);
            JsonToken token;
            while (usage == null && (token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
                next(token);
            }
        } catch (IOException e) {
            broken = true;
        }
    }

    /**
     * Returns the usage found, if any.
     *
     * @return the usage, or empty
     */
    Usage usage() {
        JsonNode found = usage;
        if (found == null || !found.isObject()) {
            return Usage.empty();
        }
        return Usage.builder()
                .inputTokens(number(found, "prompt_tokens", "input_tokens"))
                .outputTokens(number(found, "completion_tokens", "output_tokens"))
                .totalTokens(number(found, "total_tokens", "total_tokens"))
                .raw(found)
                .build();
    }

    private void next(JsonToken token) throws IOException {
        TokenBuffer buffer = capture;
        if (buffer != null) {
            buffer.copyCurrentEvent(parser);
            captureDepth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
            if (captureDepth == 0) {
                try (JsonParser captured = buffer.asParser(json)) {
                    usage = json.readTree(captured);
                }
                capture = null;
            }
            depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
            return;
        }
        if (usageNext) {
            usageNext = false;
            if (token == JsonToken.START_OBJECT) {
                buffer = new TokenBuffer(json, false);
                buffer.copyCurrentEvent(parser);
                capture = buffer;
                captureDepth = 1;
                depth++;
                return;
            }
        }
        if (token == JsonToken.FIELD_NAME && depth == 1 && "usage".equals(parser.currentName())) {
            usageNext = true;
        }
        depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
    }

    private static @Nullable Long number(JsonNode usage, String name, String alternative) {
        JsonNode value = usage.has(name) ? usage.get(name) : usage.get(alternative);
        return value != null && value.canConvertToLong() ? value.asLong() : null;
    }
}
