package dev.ditto.gateway.relay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body a passthrough attempt sends: the client's JSON bytes with the top-level {@code model}
 * value replaced by the deployment's model id and, when the gateway needs the usage chunk the
 * client did not ask for, {@code "stream_options":{"include_usage":true}} added.
 *
 * <p>The new value is spliced into the client's bytes where the old one stood, found with a
 * streaming parser that skips every other value without building it; everything else (field
 * order, spacing, number spelling, escapes) goes upstream byte for byte. That costs about a
 * third less than parsing the body into a tree, copying it and writing it again, and relays
 * exactly what the client sent. Bodies the splice cannot handle exactly (not UTF-8, a byte-order
 * mark, {@code stream_options} already present when usage must be added) take the tree route.
 * Stateless.
 */
final class PassthroughBody {

    private static final byte[] MODEL_FIELD = "\"model\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USAGE_OPTION = "\"stream_options\":{\"include_usage\":true}"
            .getBytes(StandardCharsets.US_ASCII);

    private PassthroughBody() {}

    /**
     * Returns the upstream body of a passthrough attempt.
     *
     * @param client the client's body, a JSON object already parsed once (so known to be valid)
     * @param model the deployment's model id
     * @param addUsage whether to ask the upstream for the stream's usage chunk
     * @param json the mapper, for the tree route
     * @return the bytes to send; {@code client} itself is never changed
     * @throws IllegalArgumentException if the body is not a JSON object
     */
    static byte[] rewrite(byte[] client, String model, boolean addUsage, ObjectMapper json) {
        Spans spans = plainUtf8(client) ? spans(client, json) : null;
        if (spans == null || addUsage && spans.hasStreamOptions) {
            return viaTree(client, model, addUsage, json);
        }
        byte[] value = quoted(model);
        ByteArrayOutputStream out = new ByteArrayOutputStream(client.length + value.length + USAGE_OPTION.length + 16);
        int from = 0;
        List<byte[]> inserted = new ArrayList<>(2);
        if (spans.models.isEmpty()) {
            inserted.add(concat(MODEL_FIELD, value));
        }
        if (addUsage) {
            inserted.add(USAGE_OPTION);
        }
        if (!inserted.isEmpty()) {
            // After the opening brace: a field's position carries no meaning in a JSON object.
            out.write(client, 0, spans.objectStart + 1);
            for (int i = 0; i < inserted.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.writeBytes(inserted.get(i));
            }
            if (spans.fields > 0) {
                out.write(',');
            }
            from = spans.objectStart + 1;
        }
        for (int[] span : spans.models) {
            out.write(client, from, span[0] - from);
            out.writeBytes(value);
            from = span[1];
        }
        out.write(client, from, client.length - from);
        return out.toByteArray();
    }

    /** Where the object starts, the byte span of every top-level {@code model} value, and what else it holds. */
    private static final class Spans {
        int objectStart;
        int fields;
        boolean hasStreamOptions;
        final List<int[]> models = new ArrayList<>(1);
    }

    /** The spans of the top-level object, or null where the body is not one alone. */
    private static @Nullable Spans spans(byte[] client, ObjectMapper json) {
        Spans spans = new Spans();
        try (JsonParser parser = json.getFactory().createParser(client)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            spans.objectStart = offset(parser.currentTokenLocation().getByteOffset());
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                spans.fields++;
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("model")) {
                    int start = offset(parser.currentTokenLocation().getByteOffset());
                    end(parser, value);
                    spans.models.add(new int[] {start, offset(parser.currentLocation().getByteOffset())});
                } else {
                    spans.hasStreamOptions |= name.equals("stream_options");
                    parser.skipChildren();
                }
            }
            // Whatever follows the object (the tree route drops it) is not sent either.
            return parser.currentToken() == JsonToken.END_OBJECT && parser.nextToken() == null ? spans : null;
        } catch (IOException | IllegalStateException e) {
            return null;
        }
    }

    /** Moves the parser to the end of the current value, so its location is the first byte after it. */
    private static void end(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            parser.skipChildren();
        } else {
            // A string's characters are read lazily; reading them moves past the closing quote.
            parser.finishToken();
        }
    }

    private static int offset(long byteOffset) {
        if (byteOffset < 0 || byteOffset > Integer.MAX_VALUE) {
            throw new IllegalStateException("no byte offset: " + byteOffset);
        }
        return (int) byteOffset;
    }

    /**
     * Whether the parser reads the bytes as UTF-8 from the first byte, so its byte offsets index
     * the array: no byte-order mark and none of the zero bytes of UTF-16 or UTF-32.
     */
    private static boolean plainUtf8(byte[] client) {
        if (client.length >= 3 && (client[0] & 0xFF) == 0xEF && (client[1] & 0xFF) == 0xBB
                && (client[2] & 0xFF) == 0xBF) {
            return false;
        }
        for (int i = 0; i < Math.min(4, client.length); i++) {
            if (client[i] == 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] quoted(String model) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(model);
        byte[] value = new byte[escaped.length + 2];
        value[0] = '"';
        System.arraycopy(escaped, 0, value, 1, escaped.length);
        value[value.length - 1] = '"';
        return value;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] viaTree(byte[] client, String model, boolean addUsage, ObjectMapper json) {
        JsonNode tree;
        try {
            tree = json.readTree(client);
        } catch (IOException e) {
            throw new UncheckedIOException("a passthrough body is parsed before it is sent", e);
        }
        if (!(tree instanceof ObjectNode sent)) {
            throw new IllegalArgumentException("a passthrough body is a JSON object");
        }
        // Replacing the value keeps the field where the client put it.
        sent.put("model", model);
        if (addUsage) {
            JsonNode options = sent.get("stream_options");
            (options instanceof ObjectNode object ? object : sent.putObject("stream_options")).put("include_usage", true);
        }
        return Answers.bytes(json, sent);
    }
}
