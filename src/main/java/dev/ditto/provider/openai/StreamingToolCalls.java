package dev.ditto.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.message.ProviderMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Assembles streamed tool-call fragments into calls, for OpenAI and for the compatible servers
 * that bend the rules (WIRE-FORMATS gotcha 4): fragments are keyed by {@code index}; a fragment
 * without an index continues the last call; a repeated index that brings a new {@code id}, or a
 * new name after complete arguments, starts a new call; a call sent whole in one fragment (Mistral)
 * is fine; a call without an id gets one. Calls are closed when the choice finishes, in the order
 * they started, with empty arguments normalised to {@code {}}.
 *
 * <p>One instance serves one stream; not thread-safe.
 */
final class StreamingToolCalls {

    /** The key of the deprecated {@code function_call} delta, which has no index. */
    private static final int LEGACY_FUNCTION_CALL = -1;

    private final ErrorDetails details;
    private final List<Call> calls = new ArrayList<>();
    private final Map<Integer, Call> byIndex = new HashMap<>();
    private @Nullable Call last;

    StreamingToolCalls(ErrorDetails details) {
        this.details = details;
    }

    private static final class Call {
        private final @Nullable String upstreamId;
        private final String id;
        private @Nullable String name;
        private final StringBuilder arguments = new StringBuilder();
        private boolean started;

        Call(@Nullable String upstreamId) {
            this.upstreamId = upstreamId;
            this.id = upstreamId == null ? ToolCallIds.generate() : upstreamId;
        }
    }

    boolean isEmpty() {
        return calls.isEmpty();
    }

    void accept(ChatResponseWire.ToolCall fragment, Consumer<StreamPart> sink) {
        ChatResponseWire.FunctionCall function = fragment.function();
        accept(fragment.index(), blankToNull(fragment.id()), function, sink);
    }

    void acceptLegacy(ChatResponseWire.FunctionCall function, Consumer<StreamPart> sink) {
        accept(LEGACY_FUNCTION_CALL, null, function, sink);
    }

    private void accept(@Nullable Integer index, @Nullable String id, ChatResponseWire.@Nullable FunctionCall function,
            Consumer<StreamPart> sink) {
        String name = function == null ? null : blankToNull(function.name());
        String arguments = function == null ? "" : function.argumentsText();
        Call call = resolve(index, id, name);
        if (call.name == null) {
            call.name = name;
        }
        call.arguments.append(arguments);
        if (!call.started && call.name != null) {
            call.started = true;
            sink.accept(new StreamPart.ToolInputStart(call.id, call.name));
            if (call.arguments.length() > 0) {
                sink.accept(new StreamPart.ToolInputDelta(call.id, call.arguments.toString()));
            }
        } else if (call.started && !arguments.isEmpty()) {
            sink.accept(new StreamPart.ToolInputDelta(call.id, arguments));
        }
    }

    private Call resolve(@Nullable Integer index, @Nullable String id, @Nullable String name) {
        Call known = index != null ? byIndex.get(index) : last;
        if (known != null && !startsNewCall(known, id, name)) {
            return known;
        }
        Call call = new Call(id);
        calls.add(call);
        if (index != null) {
            byIndex.put(index, call);
        }
        last = call;
        return call;
    }

    /** Whether a fragment for an existing slot is in fact the first fragment of another call. */
    private static boolean startsNewCall(Call known, @Nullable String id, @Nullable String name) {
        if (id != null) {
            return known.upstreamId != null && !id.equals(known.upstreamId);
        }
        return name != null && known.name != null && known.arguments.length() > 0 && isCompleteJson(known.arguments);
    }

    private static boolean isCompleteJson(CharSequence text) {
        try {
            WireJson.MAPPER.readTree(text.toString());
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /**
     * Closes every call: start (if the name came late), end, then the whole call.
     *
     * @throws UnexpectedResponseException if a call never got a name
     */
    void finish(Consumer<StreamPart> sink) {
        for (Call call : calls) {
            if (call.name == null) {
                throw new UnexpectedResponseException("tool call '" + call.id + "' was streamed without a function name",
                        details);
            }
            if (!call.started) {
                sink.accept(new StreamPart.ToolInputStart(call.id, call.name));
            }
            sink.accept(new StreamPart.ToolInputEnd(call.id));
            sink.accept(new StreamPart.ToolCall(call.id, call.name, call.arguments.toString(), ProviderMetadata.empty()));
        }
        calls.clear();
        byIndex.clear();
        last = null;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
