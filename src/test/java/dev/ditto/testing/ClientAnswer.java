package dev.ditto.testing;

import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.StopReason;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a real client library read from a translated answer, in a form that is the same for
 * every wire format, so a test can compare it with what the original recording says: the text,
 * the client tool calls with parsed arguments, the input and output token totals, and the
 * finish reason in the client's own vocabulary.
 *
 * <p>Token totals follow WIRE-FORMATS.md: input includes cached tokens (for Anthropic, {@code
 * input_tokens + cache_creation_input_tokens + cache_read_input_tokens}); output includes
 * reasoning. Tool arguments are parsed strictly: an empty arguments string is not {@code {}}.
 *
 * @param text the answer text, joined
 * @param toolCalls the client tool calls in order
 * @param inputTokens the input total
 * @param outputTokens the output total
 * @param finish the chat {@code finish_reason}, the Anthropic {@code stop_reason}, or the
 *     Responses {@code status} (with {@code /reason} when incomplete, as in {@code
 *     incomplete/max_output_tokens})
 */
public record ClientAnswer(String text, List<Call> toolCalls, long inputTokens, long outputTokens, String finish) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A tool call as the client read it.
     *
     * @param name the tool name
     * @param arguments the parsed arguments
     */
    public record Call(String name, JsonNode arguments) {
    }

    /**
     * Returns the answer, with its tool calls copied.
     *
     * @param text the answer text
     * @param toolCalls the client tool calls in order
     * @param inputTokens the input total
     * @param outputTokens the output total
     * @param finish the finish reason in the client's vocabulary
     */
    public ClientAnswer {
        toolCalls = List.copyOf(toolCalls);
    }

    /**
     * Reads a chat completion (streamed and accumulated, or whole).
     *
     * @param completion what openai-java returned
     * @return the answer
     * @throws java.util.NoSuchElementException if there is no usage or no finish reason
     */
    public static ClientAnswer of(ChatCompletion completion) {
        ChatCompletion.Choice choice = completion.choices().get(0);
        List<Call> calls = choice.message().toolCalls().orElse(List.of()).stream()
                .map(ChatCompletionMessageToolCall::asFunction)
                .map(call -> new Call(call.function().name(), parse(call.function().arguments())))
                .toList();
        CompletionUsage usage = completion.usage().orElseThrow();
        return new ClientAnswer(choice.message().content().orElse(""), calls, usage.promptTokens(),
                usage.completionTokens(), choice.finishReason().asString());
    }

    /**
     * Reads a Responses object.
     *
     * @param response what openai-java returned, or the response of a stream's terminal event
     * @return the answer
     * @throws java.util.NoSuchElementException if there is no usage or no status
     */
    public static ClientAnswer of(Response response) {
        StringBuilder text = new StringBuilder();
        List<Call> calls = new ArrayList<>();
        for (ResponseOutputItem item : response.output()) {
            item.message().ifPresent(message -> message.content()
                    .forEach(content -> content.outputText().ifPresent(output -> text.append(output.text()))));
            item.functionCall().ifPresent(call -> calls.add(call(call)));
        }
        ResponseUsage usage = response.usage().orElseThrow();
        return new ClientAnswer(text.toString(), calls, usage.inputTokens(), usage.outputTokens(), status(response));
    }

    /**
     * Reads a Responses event stream the way a streaming client sees it: text from the {@code
     * response.output_text.delta} events, tool calls from the {@code response.output_item.done}
     * events, usage and status from the terminal event.
     *
     * @param events what openai-java parsed, in order
     * @return the answer
     * @throws IllegalStateException if the stream has no terminal event
     */
    public static ClientAnswer ofStream(List<ResponseStreamEvent> events) {
        StringBuilder text = new StringBuilder();
        List<Call> calls = new ArrayList<>();
        for (ResponseStreamEvent event : events) {
            event.outputTextDelta().ifPresent(delta -> text.append(delta.delta()));
            event.outputItemDone().flatMap(done -> done.item().functionCall()).ifPresent(call -> calls.add(call(call)));
        }
        Response last = terminal(events);
        ResponseUsage usage = last.usage().orElseThrow();
        return new ClientAnswer(text.toString(), calls, usage.inputTokens(), usage.outputTokens(), status(last));
    }

    /**
     * Reads a Responses event stream through openai-java's own {@link ResponseAccumulator}, which
     * rebuilds the response from the item, part and delta events alone: a stream whose events
     * don't fit together fails here even when its terminal event is right.
     *
     * @param events what openai-java parsed, in order
     * @return the answer of the reconstructed response
     * @throws IllegalStateException if the accumulator cannot rebuild the response
     */
    public static ClientAnswer reconstructed(List<ResponseStreamEvent> events) {
        ResponseAccumulator accumulator = ResponseAccumulator.createWithSnapshots();
        events.forEach(accumulator::accumulate);
        return of(accumulator.reconstructedResponse());
    }

    /**
     * Returns the response a stream's terminal event carries.
     *
     * @param events what openai-java parsed, in order
     * @return the response of {@code response.completed}, {@code response.incomplete} or {@code response.failed}
     * @throws IllegalStateException if the last event is none of those
     */
    public static Response terminal(List<ResponseStreamEvent> events) {
        ResponseStreamEvent last = events.get(events.size() - 1);
        return last.completed().map(e -> e.response())
                .or(() -> last.incomplete().map(e -> e.response()))
                .or(() -> last.failed().map(e -> e.response()))
                .orElseThrow(() -> new IllegalStateException("the stream did not end with a terminal event: " + last));
    }

    /**
     * Reads an Anthropic message (streamed and accumulated, or whole).
     *
     * @param message what anthropic-java returned
     * @return the answer; the input total adds the cache counts to {@code input_tokens}
     * @throws java.util.NoSuchElementException if there is no stop reason
     */
    public static ClientAnswer of(Message message) {
        StringBuilder text = new StringBuilder();
        List<Call> calls = new ArrayList<>();
        for (ContentBlock block : message.content()) {
            block.text().ifPresent(t -> text.append(t.text()));
            block.toolUse().ifPresent(use -> calls.add(new Call(use.name(), use._input().convert(JsonNode.class))));
        }
        long input = message.usage().inputTokens() + message.usage().cacheCreationInputTokens().orElse(0L)
                + message.usage().cacheReadInputTokens().orElse(0L);
        return new ClientAnswer(text.toString(), calls, input, message.usage().outputTokens(),
                message.stopReason().map(StopReason::asString).orElseThrow());
    }

    private static Call call(ResponseFunctionToolCall call) {
        return new Call(call.name(), parse(call.arguments()));
    }

    private static String status(Response response) {
        String status = response.status().orElseThrow().asString();
        Optional<String> reason = response.incompleteDetails().flatMap(Response.IncompleteDetails::reason)
                .map(Response.IncompleteDetails.Reason::asString);
        return reason.map(r -> status + "/" + r).orElse(status);
    }

    /**
     * Parses tool arguments strictly.
     *
     * @param json the arguments
     * @return the tree; a {@code MissingNode} for an empty string, so it never equals {@code {}}
     * @throws IllegalArgumentException if the text is not JSON
     */
    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }
}
