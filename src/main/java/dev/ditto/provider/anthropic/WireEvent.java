package dev.ditto.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One server-sent event of a streamed message. The SSE event name equals {@link #type()}.
 */
sealed interface WireEvent {

    String MESSAGE_START = "message_start";
    String CONTENT_BLOCK_START = "content_block_start";
    String CONTENT_BLOCK_DELTA = "content_block_delta";
    String CONTENT_BLOCK_STOP = "content_block_stop";
    String MESSAGE_DELTA = "message_delta";
    String MESSAGE_STOP = "message_stop";
    String PING = "ping";
    String ERROR = "error";

    /** Returns the event type, which is also the SSE event name. */
    String type();

    /** Returns the event's data. */
    ObjectNode toJson();

    /** Opens the message; its usage holds the prompt tokens. */
    record MessageStart(WireMessage message) implements WireEvent {
        public String type() {
            return MESSAGE_START;
        }

        public ObjectNode toJson() {
            ObjectNode json = AnthropicJson.object().put("type", MESSAGE_START);
            json.set("message", message.toJson());
            return json;
        }
    }

    /** Opens content block {@code index}. */
    record BlockStart(int index, WireBlock block) implements WireEvent {
        public String type() {
            return CONTENT_BLOCK_START;
        }

        public ObjectNode toJson() {
            ObjectNode json = AnthropicJson.object().put("type", CONTENT_BLOCK_START).put("index", index);
            json.set("content_block", block.toJson());
            return json;
        }
    }

    /** Adds to content block {@code index}. */
    record BlockDelta(int index, Delta delta) implements WireEvent {
        public String type() {
            return CONTENT_BLOCK_DELTA;
        }

        public ObjectNode toJson() {
            ObjectNode json = AnthropicJson.object().put("type", CONTENT_BLOCK_DELTA).put("index", index);
            json.set("delta", delta.toJson());
            return json;
        }
    }

    /** Closes content block {@code index}. */
    record BlockStop(int index) implements WireEvent {
        public String type() {
            return CONTENT_BLOCK_STOP;
        }

        public ObjectNode toJson() {
            return AnthropicJson.object().put("type", CONTENT_BLOCK_STOP).put("index", index);
        }
    }

    /**
     * The stop reason and the cumulative usage.
     *
     * @param delta the {@code delta} object: {@code stop_reason}, {@code stop_sequence}, maybe {@code stop_details}
     * @param usage the cumulative usage, {@link WireUsage#EMPTY} when absent
     * @param extras other top-level fields such as {@code context_management}
     */
    record MessageDelta(ObjectNode delta, WireUsage usage, ObjectNode extras) implements WireEvent {
        public String type() {
            return MESSAGE_DELTA;
        }

        @Nullable String stopReason() {
            JsonNode value = delta.get("stop_reason");
            return value != null && value.isTextual() ? value.asText() : null;
        }

        public ObjectNode toJson() {
            ObjectNode json = AnthropicJson.object().put("type", MESSAGE_DELTA);
            json.set("delta", delta.deepCopy());
            json.set("usage", usage.toJson());
            return AnthropicJson.mergeMissing(json, extras);
        }
    }

    /** Closes the message. */
    record MessageStop() implements WireEvent {
        public String type() {
            return MESSAGE_STOP;
        }

        public ObjectNode toJson() {
            return AnthropicJson.object().put("type", MESSAGE_STOP);
        }
    }

    /** A heartbeat. */
    record Ping() implements WireEvent {
        public String type() {
            return PING;
        }

        public ObjectNode toJson() {
            return AnthropicJson.object().put("type", PING);
        }
    }

    /** A failure inside the stream, such as {@code overloaded_error}. */
    record Error(String errorType, String message) implements WireEvent {
        public String type() {
            return ERROR;
        }

        public ObjectNode toJson() {
            ObjectNode json = AnthropicJson.object().put("type", ERROR);
            json.putObject("error").put("type", errorType).put("message", message);
            return json;
        }
    }

    /** An event type this adapter does not know; ignored for forward compatibility. */
    record Unknown(String type, ObjectNode raw) implements WireEvent {
        public ObjectNode toJson() {
            return raw.deepCopy();
        }
    }

    /** The {@code delta} of a {@code content_block_delta}. */
    record Delta(String type, ObjectNode raw) {
        static final String TEXT = "text_delta";
        static final String INPUT_JSON = "input_json_delta";
        static final String THINKING = "thinking_delta";
        static final String SIGNATURE = "signature_delta";
        static final String CITATIONS = "citations_delta";
        static final String COMPACTION = "compaction_delta";

        public Delta {
            Objects.requireNonNull(type, "type");
        }

        static Delta of(String type, String field, String value) {
            return new Delta(type, AnthropicJson.object().put("type", type).put(field, value));
        }

        /** Returns a text field of the delta, empty when absent. */
        String text(String field) {
            JsonNode value = raw.get(field);
            return value != null && value.isTextual() ? value.asText() : "";
        }

        ObjectNode toJson() {
            return raw.deepCopy();
        }
    }

    /**
     * Reads one event.
     *
     * @param node the event data
     * @return the event
     * @throws WireFormatException if a known event lacks a required field
     */
    static WireEvent read(JsonNode node) {
        ObjectNode json = AnthropicJson.requireObject(node, "event");
        String type = AnthropicJson.requireText(json, "type", "event");
        String path = type;
        return switch (type) {
            case MESSAGE_START -> new MessageStart(WireMessage.read(json.get("message"), path + ".message"));
            case CONTENT_BLOCK_START -> new BlockStart(index(json, path),
                    WireBlock.read(json.get("content_block"), path + ".content_block"));
            case CONTENT_BLOCK_DELTA -> {
                ObjectNode delta = AnthropicJson.requireObject(json.get("delta"), path + ".delta");
                yield new BlockDelta(index(json, path), new Delta(AnthropicJson.requireText(delta, "type", path + ".delta"), delta));
            }
            case CONTENT_BLOCK_STOP -> new BlockStop(index(json, path));
            case MESSAGE_DELTA -> new MessageDelta(
                    json.hasNonNull("delta") ? AnthropicJson.requireObject(json.get("delta"), path + ".delta") : AnthropicJson.object(),
                    WireUsage.read(json.get("usage"), path + ".usage"),
                    AnthropicJson.extras(json, Set.of("type", "delta", "usage")));
            case MESSAGE_STOP -> new MessageStop();
            case PING -> new Ping();
            case ERROR -> {
                JsonNode error = json.path("error");
                String errorType = error.path("type").isTextual() ? error.path("type").asText() : "api_error";
                String message = error.path("message").isTextual() ? error.path("message").asText() : "(no message)";
                yield new Error(errorType, message);
            }
            default -> new Unknown(type, json);
        };
    }

    private static int index(ObjectNode json, String path) {
        Long index = AnthropicJson.optionalLong(json, "index", path);
        if (index == null || index < 0 || index > Integer.MAX_VALUE) {
            throw new WireFormatException(path + ".index", "must be a non-negative integer but was " + json.get("index"));
        }
        return index.intValue();
    }
}
