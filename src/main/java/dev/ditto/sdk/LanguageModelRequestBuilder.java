package dev.ditto.sdk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.tool.Tool;
import dev.ditto.sdk.tool.ToolChoice;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link LanguageModelRequest}. Every setter validates its value at once, and a setting
 * that contradicts one already made is rejected with a message quoting both values; the checks
 * that depend on the order of calls (a named tool choice needs its tool) run in {@link #build()}.
 *
 * <p>Passing {@code null} to a setter of an optional setting clears it. Not thread-safe.
 */
public final class LanguageModelRequestBuilder {

    final List<Message> messages = new ArrayList<>();
    @Nullable Double temperature;
    @Nullable Double topP;
    @Nullable Integer topK;
    @Nullable Integer maxOutputTokens;
    final List<String> stopSequences = new ArrayList<>();
    @Nullable Long seed;
    @Nullable Double presencePenalty;
    @Nullable Double frequencyPenalty;
    final Map<String, Tool> tools = new LinkedHashMap<>();
    @Nullable ToolChoice toolChoice;
    @Nullable ResponseFormat responseFormat;
    @Nullable ReasoningEffort reasoningEffort;
    @Nullable Integer reasoningBudgetTokens;
    @Nullable Boolean parallelToolCalls;
    @Nullable String user;
    final Map<String, String> metadata = new LinkedHashMap<>();
    final Map<String, ObjectNode> providerOptions = new LinkedHashMap<>();

    LanguageModelRequestBuilder() {
    }

    static LanguageModelRequestBuilder from(LanguageModelRequest prototype) {
        LanguageModelRequestBuilder b = new LanguageModelRequestBuilder();
        b.messages.addAll(prototype.messages());
        b.temperature = prototype.temperature();
        b.topP = prototype.topP();
        b.topK = prototype.topK();
        b.maxOutputTokens = prototype.maxOutputTokens();
        b.stopSequences.addAll(prototype.stopSequences());
        b.seed = prototype.seed();
        b.presencePenalty = prototype.presencePenalty();
        b.frequencyPenalty = prototype.frequencyPenalty();
        prototype.tools().forEach(tool -> b.tools.put(tool.name(), tool));
        b.toolChoice = prototype.toolChoice();
        b.responseFormat = prototype.responseFormat();
        b.reasoningEffort = prototype.reasoningEffort();
        b.reasoningBudgetTokens = prototype.reasoningBudgetTokens();
        b.parallelToolCalls = prototype.parallelToolCalls();
        b.user = prototype.user();
        b.metadata.putAll(prototype.metadata());
        b.providerOptions.putAll(prototype.providerOptionsView());
        return b;
    }

    /**
     * Replaces the conversation.
     *
     * @param values the messages, in order
     * @return this builder
     */
    public LanguageModelRequestBuilder messages(List<? extends Message> values) {
        LanguageModelRequest.requireNonNullElements(values, "messages");
        messages.clear();
        messages.addAll(values);
        return this;
    }

    /**
     * Appends a message to the conversation.
     *
     * @param value the message
     * @return this builder
     */
    public LanguageModelRequestBuilder message(Message value) {
        messages.add(Objects.requireNonNull(value, "message"));
        return this;
    }

    /**
     * Sets the sampling temperature.
     *
     * @param value the temperature in [0, 2], or {@code null}
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is outside [0, 2]
     */
    public LanguageModelRequestBuilder temperature(@Nullable Double value) {
        this.temperature = requireRange("temperature", value, 0, 2);
        return this;
    }

    /**
     * Sets the nucleus-sampling probability mass.
     *
     * @param value top_p in [0, 1], or {@code null}
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is outside [0, 1]
     */
    public LanguageModelRequestBuilder topP(@Nullable Double value) {
        this.topP = requireRange("topP", value, 0, 1);
        return this;
    }

    /**
     * Sets the number of most likely tokens sampled from.
     *
     * @param value top_k, at least 1, or {@code null}
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is less than 1
     */
    public LanguageModelRequestBuilder topK(@Nullable Integer value) {
        this.topK = requireAtLeast("topK", value, 1);
        return this;
    }

    /**
     * Sets the most tokens the model may generate, reasoning included.
     *
     * @param value the limit, at least 1, or {@code null}
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is less than 1, or not greater than the
     *     reasoning budget already set
     */
    public LanguageModelRequestBuilder maxOutputTokens(@Nullable Integer value) {
        requireAtLeast("maxOutputTokens", value, 1);
        requireBudgetBelowMax(reasoningBudgetTokens, value);
        this.maxOutputTokens = value;
        return this;
    }

    /**
     * Replaces the sequences that stop generation.
     *
     * @param values the stop sequences, none empty
     * @return this builder
     * @throws IllegalArgumentException if a sequence is empty
     */
    public LanguageModelRequestBuilder stopSequences(List<String> values) {
        LanguageModelRequest.requireNonNullElements(values, "stopSequences");
        for (String value : values) {
            if (value.isEmpty()) {
                throw new IllegalArgumentException("stop sequences must not be empty but got " + quoted(values));
            }
        }
        stopSequences.clear();
        stopSequences.addAll(values);
        return this;
    }

    /**
     * Sets the seed for deterministic sampling.
     *
     * @param value the seed, or {@code null}
     * @return this builder
     */
    public LanguageModelRequestBuilder seed(@Nullable Long value) {
        this.seed = value;
        return this;
    }

    /**
     * Sets the presence penalty.
     *
     * @param value the penalty in [-2, 2], or {@code null}
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is outside [-2, 2]
     */
    public LanguageModelRequestBuilder presencePenalty(@Nullable Double value) {
        this.presencePenalty = requireRange("presencePenalty", value, -2, 2);
        return this;
    }

    /**
     * Sets the frequency penalty.
     *
     * @param value the penalty in [-2, 2], or {@code null}
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is outside [-2, 2]
     */
    public LanguageModelRequestBuilder frequencyPenalty(@Nullable Double value) {
        this.frequencyPenalty = requireRange("frequencyPenalty", value, -2, 2);
        return this;
    }

    /**
     * Replaces the tools offered to the model.
     *
     * @param values the tools, with unique names
     * @return this builder
     * @throws IllegalArgumentException if two tools share a name
     */
    public LanguageModelRequestBuilder tools(List<? extends Tool> values) {
        LanguageModelRequest.requireNonNullElements(values, "tools");
        Map<String, Tool> byName = new LinkedHashMap<>();
        for (Tool tool : values) {
            if (byName.putIfAbsent(tool.name(), tool) != null) {
                throw new IllegalArgumentException("tool '" + tool.name() + "' appears twice in " + names(values));
            }
        }
        tools.clear();
        tools.putAll(byName);
        return this;
    }

    /**
     * Adds a tool offered to the model.
     *
     * @param value the tool
     * @return this builder
     * @throws IllegalArgumentException if a tool with the same name was already added
     */
    public LanguageModelRequestBuilder tool(Tool value) {
        Objects.requireNonNull(value, "tool");
        if (tools.containsKey(value.name())) {
            throw new IllegalArgumentException("tool '" + value.name() + "' was already added");
        }
        tools.put(value.name(), value);
        return this;
    }

    /**
     * Sets whether and which tool the model must call; a named tool must be among the tools when
     * {@link #build()} runs.
     *
     * @param value the choice, or {@code null}
     * @return this builder
     */
    public LanguageModelRequestBuilder toolChoice(@Nullable ToolChoice value) {
        this.toolChoice = value;
        return this;
    }

    /**
     * Sets the shape the answer must take.
     *
     * @param value the format, or {@code null}
     * @return this builder
     */
    public LanguageModelRequestBuilder responseFormat(@Nullable ResponseFormat value) {
        this.responseFormat = value;
        return this;
    }

    /**
     * Sets how much a reasoning model should think.
     *
     * @param value the effort, or {@code null}
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is {@code NONE} while a positive reasoning
     *     budget is set
     */
    public LanguageModelRequestBuilder reasoningEffort(@Nullable ReasoningEffort value) {
        requireEffortMatchesBudget(value, reasoningBudgetTokens);
        this.reasoningEffort = value;
        return this;
    }

    /**
     * Sets the token budget for reasoning.
     *
     * @param value the budget, at least 0, or {@code null}
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is negative, positive while the effort is
     *     {@code NONE}, or not less than the max output tokens already set
     */
    public LanguageModelRequestBuilder reasoningBudgetTokens(@Nullable Integer value) {
        requireAtLeast("reasoningBudgetTokens", value, 0);
        requireEffortMatchesBudget(reasoningEffort, value);
        requireBudgetBelowMax(value, maxOutputTokens);
        this.reasoningBudgetTokens = value;
        return this;
    }

    /**
     * Sets whether the model may call several tools in one turn.
     *
     * @param value the flag, or {@code null}
     * @return this builder
     */
    public LanguageModelRequestBuilder parallelToolCalls(@Nullable Boolean value) {
        this.parallelToolCalls = value;
        return this;
    }

    /**
     * Sets the end-user id passed to the provider for abuse monitoring.
     *
     * @param value the id, or {@code null}
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is blank
     */
    public LanguageModelRequestBuilder user(@Nullable String value) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        this.user = value;
        return this;
    }

    /**
     * Adds one key-value tag.
     *
     * @param key the tag name
     * @param value the tag value
     * @return this builder
     */
    public LanguageModelRequestBuilder metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Sets one provider's options, replacing earlier options for that provider.
     *
     * @param provider the provider name, such as {@code anthropic}
     * @param options the provider's options, copied
     * @return this builder
     * @throws IllegalArgumentException if {@code provider} is blank
     */
    public LanguageModelRequestBuilder providerOptions(String provider, ObjectNode options) {
        Objects.requireNonNull(provider, "provider");
        if (provider.isBlank()) {
            throw new IllegalArgumentException("provider name of providerOptions must not be blank");
        }
        providerOptions.put(provider, Objects.requireNonNull(options, "options").deepCopy());
        return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalStateException if there are no messages, or the tool choice asks for a tool
     *     call that the tools cannot satisfy
     */
    public LanguageModelRequest build() {
        if (messages.isEmpty()) {
            throw new IllegalStateException("a request needs at least one message");
        }
        if (toolChoice instanceof ToolChoice.Named named && !tools.containsKey(named.toolName())) {
            throw new IllegalStateException("toolChoice names tool '" + named.toolName()
                    + "' but the tools are " + tools.keySet());
        }
        if (toolChoice == ToolChoice.Mode.REQUIRED && tools.isEmpty()) {
            throw new IllegalStateException("toolChoice is REQUIRED but no tools were given");
        }
        return LanguageModelRequest.create(this);
    }

    static Map<String, ObjectNode> deepCopy(Map<String, ObjectNode> options) {
        Map<String, ObjectNode> copy = new LinkedHashMap<>();
        options.forEach((provider, node) -> copy.put(provider, node.deepCopy()));
        return Collections.unmodifiableMap(copy);
    }

    private static @Nullable Double requireRange(String name, @Nullable Double value, double min, double max) {
        if (value != null && !(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "] but was " + value);
        }
        return value;
    }

    private static @Nullable Integer requireAtLeast(String name, @Nullable Integer value, int min) {
        if (value != null && value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + " but was " + value);
        }
        return value;
    }

    private static void requireEffortMatchesBudget(@Nullable ReasoningEffort effort, @Nullable Integer budget) {
        if (effort == ReasoningEffort.NONE && budget != null && budget > 0) {
            throw new IllegalArgumentException(
                    "reasoningEffort NONE contradicts reasoningBudgetTokens " + budget);
        }
    }

    private static void requireBudgetBelowMax(@Nullable Integer budget, @Nullable Integer max) {
        if (budget != null && max != null && budget >= max) {
            throw new IllegalArgumentException("reasoningBudgetTokens " + budget
                    + " must be less than maxOutputTokens " + max + ", which includes the reasoning");
        }
    }

    private static List<String> names(List<? extends Tool> values) {
        return values.stream().map(Tool::name).toList();
    }

    private static List<String> quoted(List<String> values) {
        return values.stream().map(value -> "'" + value + "'").toList();
    }
}
