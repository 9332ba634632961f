package dev.ditto.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ditto.sdk.FinishReason;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a recorded Gemini answer says, read straight from its JSON by tree walking, so that the
 * adapter's output can be checked against the file rather than against itself. Streamed
 * arguments are rebuilt as a tree (set each value at its path, append continued strings), a
 * different method from the adapter's incremental writer.
 *
 * @param text the non-thought text, joined
 * @param reasoning the thought text, joined
 * @param calls the function calls in order
 * @param usage the last usage object with token counts
 * @param finishReason the last finish reason
 * @param signatures every thought signature, in order
 * @param responseId the response id
 * @param modelVersion the model version
 */
record FixtureFacts(String text, String reasoning, List<Call> calls, JsonNode usage, String finishReason,
        Set<String> signatures, String responseId, String modelVersion) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SEGMENT = Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]");

    /** A function call: name and arguments. */
    record Call(String name, JsonNode args) {
    }

    static FixtureFacts ofChunks(List<String> payloads) {
        return of(payloads.stream().map(FixtureFacts::parse).toList());
    }

    static FixtureFacts ofResponse(String body) {
        return of(List.of(parse(body)));
    }

    /** The finish reason WIRE-FORMATS.md prescribes for this answer. */
    FinishReason unifiedFinishReason() {
        return switch (finishReason) {
            case "STOP" -> calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" ->
                    FinishReason.CONTENT_FILTER;
            case "MALFORMED_FUNCTION_CALL" -> FinishReason.ERROR;
            default -> FinishReason.OTHER;
        };
    }

    long inputTokens() {
        return usage.path("promptTokenCount").asLong();
    }

    long outputTokens() {
        return usage.path("candidatesTokenCount").asLong() + usage.path("thoughtsTokenCount").asLong();
    }

    private static FixtureFacts of(List<JsonNode> chunks) {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<Call> calls = new ArrayList<>();
        Set<String> signatures = new LinkedHashSet<>();
        JsonNode usage = JSON.createObjectNode();
        String finish = null;
        ObjectNode streaming = null;
        String streamingName = null;
        for (JsonNode chunk : chunks) {
            JsonNode candidate = chunk.path("candidates").path(0);
            for (JsonNode part : candidate.path("content").path("parts")) {
                if (part.has("thoughtSignature")) {
                    signatures.add(part.get("thoughtSignature").asText());
                }
                if (part.has("text")) {
                    (part.path("thought").asBoolean() ? reasoning : text).append(part.get("text").asText());
                }
                JsonNode call = part.get("functionCall");
                if (call == null) {
                    continue;
                }
                boolean continues = call.path("willContinue").asBoolean();
                if (call.has("name") && !continues && !call.has("partialArgs")) {
                    calls.add(new Call(call.get("name").asText(), call.has("args") ? call.get("args") : JSON.createObjectNode()));
                    continue;
                }
                if (call.has("name")) {
                    streaming = JSON.createObjectNode();
                    streamingName = call.get("name").asText();
                }
                for (JsonNode piece : call.path("partialArgs")) {
                    setAt(streaming, piece);
                }
                if (!continues && streaming != null) {
                    calls.add(new Call(streamingName, streaming));
                    streaming = null;
                }
            }
            if (chunk.path("usageMetadata").has("promptTokenCount")) {
                usage = chunk.get("usageMetadata");
            }
            if (candidate.has("finishReason")) {
                finish = candidate.get("finishReason").asText();
            }
        }
        if (streaming != null) {
            calls.add(new Call(streamingName, streaming));
        }
        JsonNode last = chunks.get(chunks.size() - 1);
        return new FixtureFacts(text.toString(), reasoning.toString(), List.copyOf(calls), usage, finish, signatures,
                last.path("responseId").asText(null), last.path("modelVersion").asText(null));
    }

    /** Sets one streamed value in the tree; a string value is appended to what is there. */
    private static void setAt(ObjectNode root, JsonNode piece) {
        List<Object> path = new ArrayList<>();
        Matcher matcher = SEGMENT.matcher(piece.get("jsonPath").asText().substring(1));
        while (matcher.find()) {
            path.add(matcher.group(1) != null ? matcher.group(1) : (Object) Integer.parseInt(matcher.group(2)));
        }
        JsonNode node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            boolean nextIsIndex = path.get(i + 1) instanceof Integer;
            node = child(node, path.get(i), nextIsIndex);
        }
        Object leaf = path.get(path.size() - 1);
        JsonNode value = piece.has("stringValue") ? piece.get("stringValue")
                : piece.has("numberValue") ? piece.get("numberValue")
                : piece.has("boolValue") ? piece.get("boolValue") : JSON.nullNode();
        JsonNode existing = leaf instanceof Integer index ? node.get(index) : node.get((String) leaf);
        if (existing != null && existing.isTextual() && value.isTextual()) {
            value = TextNode.valueOf(existing.asText() + value.asText());
        }
        if (leaf instanceof Integer index) {
            ArrayNode array = (ArrayNode) node;
            while (array.size() <= index) {
                array.addNull();
            }
            array.set(index, value);
        } else {
            ((ObjectNode) node).set((String) leaf, value);
        }
    }

    private static JsonNode child(JsonNode node, Object segment, boolean array) {
        JsonNode existing = segment instanceof Integer index ? node.get(index) : node.get((String) segment);
        if (existing != null && !existing.isNull()) {
            return existing;
        }
        JsonNode created = array ? JSON.createArrayNode() : JSON.createObjectNode();
        if (segment instanceof Integer index) {
            ArrayNode parent = (ArrayNode) node;
            while (parent.size() <= index) {
                parent.addNull();
            }
            parent.set(index, created);
        } else {
            ((ObjectNode) node).set((String) segment, created);
        }
        return created;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
