package dev.ditto.sdk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.tool.Tool;
import dev.ditto.sdk.tool.ToolChoice;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A provider-neutral request to a language model: the conversation plus generation settings.
 *
 * <p>Settings left unset ({@code null}) are not sent, so the provider's default applies. Settings
 * with no common name across providers go in {@link #providerOptions()}, keyed by provider name.
 * An adapter that cannot honour a setting reports it as a {@link Warning} on the result.
 *
 * <p>Instances are immutable and thread-safe; build them with {@link #builder()} and copy-modify
 * them with {@link #toBuilder()}.
 *
 * <pre>{@code
 * LanguageModelRequest request = LanguageModelRequest.builder()
 *         .message(Message.system("Answer in one word."))
 *         .message(Message.user("Capital of France?"))
 *         .temperature(0.2)
 *         .maxOutputTokens(50)
 *         .build();
 * }</pre>
 */
public final class LanguageModelRequest {

    private final List<Message> messages;
    private final @Nullable Double temperature;
    private final @Nullable Double topP;
    private final @Nullable Integer topK;
    private final @Nullable Integer maxOutputTokens;
    private final List<String> stopSequences;
    private final @Nullable Long seed;
    private final @Nullable Double presencePenalty;
    private final @Nullable Double frequencyPenalty;
    private final List<Tool> tools;
    private final @Nullable ToolChoice toolChoice;
    private final @Nullable ResponseFormat responseFormat;
    private final @Nullable ReasoningEffort reasoningEffort;
    private final @Nullable Integer reasoningBudgetTokens;
    private final @Nullable Boolean parallelToolCalls;
    private final @Nullable String user;
    private final Map<String, String> metadata;
    private final Map<String, ObjectNode> providerOptions;

    private LanguageModelRequest(LanguageModelRequestBuilder b) {
        this.messages = List.copyOf(b.messages);
        this.temperature = b.temperature;
        this.topP = b.topP;
        this.topK = b.topK;
        this.maxOutputTokens = b.maxOutputTokens;
        this.stopSequences = List.copyOf(b.stopSequences);
        this.seed = b.seed;
        this.presencePenalty = b.presencePenalty;
        this.frequencyPenalty = b.frequencyPenalty;
        this.tools = List.copyOf(b.tools.values());
        this.toolChoice = b.toolChoice;
        this.responseFormat = b.responseFormat;
        this.reasoningEffort = b.reasoningEffort;
        this.reasoningBudgetTokens = b.reasoningBudgetTokens;
        this.parallelToolCalls = b.parallelToolCalls;
        this.user = b.user;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
        this.providerOptions = LanguageModelRequestBuilder.deepCopy(b.providerOptions);
    }

    static LanguageModelRequest create(LanguageModelRequestBuilder builder) {
        return new LanguageModelRequest(builder);
    }

    /**
     * Returns a builder with nothing set.
     *
     * @return a new builder
     */
    public static LanguageModelRequestBuilder builder() {
        return new LanguageModelRequestBuilder();
    }

    /**
     * Returns a request holding one user message and no settings.
     *
     * @param prompt the user's text
     * @return the request
     */
    public static LanguageModelRequest of(String prompt) {
        return builder().message(Message.user(prompt)).build();
    }

    /**
     * Returns a request holding the conversation and no settings.
     *
     * @param messages the conversation, at least one message
     * @return the request
     * @throws IllegalArgumentException if {@code messages} is empty
     */
    public static LanguageModelRequest of(List<Message> messages) {
        return builder().messages(messages).build();
    }

    /**
     * Returns a builder holding this request's values, for copy-and-modify.
     *
     * @return a new builder
     */
    public LanguageModelRequestBuilder toBuilder() {
        return LanguageModelRequestBuilder.from(this);
    }

    /**
     * Returns the conversation.
     *
     * @return the messages, unmodifiable, at least one
     */
    public List<Message> messages() {
        return messages;
    }

    /**
     * Returns the sampling temperature.
     *
     * @return the temperature in [0, 2], or {@code null} for the provider default
     */
    public @Nullable Double temperature() {
        return temperature;
    }

    /**
     * Returns the nucleus-sampling probability mass.
     *
     * @return top_p in [0, 1], or {@code null} for the provider default
     */
    public @Nullable Double topP() {
        return topP;
    }

    /**
     * Returns the number of most likely tokens sampled from.
     *
     * @return top_k, at least 1, or {@code null} for the provider default
     */
    public @Nullable Integer topK() {
        return topK;
    }

    /**
     * Returns the most tokens the model may generate, reasoning included.
     *
     * @return the limit, at least 1, or {@code null} for the provider default
     */
    public @Nullable Integer maxOutputTokens() {
        return maxOutputTokens;
    }

    /**
     * Returns the sequences that stop generation.
     *
     * @return the stop sequences, unmodifiable, possibly empty
     */
    public List<String> stopSequences() {
        return stopSequences;
    }

    /**
     * Returns the seed for deterministic sampling.
     *
     * @return the seed, or {@code null}
     */
    public @Nullable Long seed() {
        return seed;
    }

    /**
     * Returns the presence penalty.
     *
     * @return the penalty in [-2, 2], or {@code null}
     */
    public @Nullable Double presencePenalty() {
        return presencePenalty;
    }

    /**
     * Returns the frequency penalty.
     *
     * @return the penalty in [-2, 2], or {@code null}
     */
    public @Nullable Double frequencyPenalty() {
        return frequencyPenalty;
    }

    /**
     * Returns the tools offered to the model.
     *
     * @return the tools with unique names, unmodifiable, possibly empty
     */
    public List<Tool> tools() {
        return tools;
    }

    /**
     * Returns whether and which tool the model must call.
     *
     * @return the choice, or {@code null} for the provider default
     */
    public @Nullable ToolChoice toolChoice() {
        return toolChoice;
    }

    /**
     * Returns the shape the answer must take.
     *
     * @return the format, or {@code null} for free text
     */
    public @Nullable ResponseFormat responseFormat() {
        return responseFormat;
    }

    /**
     * Returns how much a reasoning model should think.
     *
     * @return the effort, or {@code null} for the provider default
     */
    public @Nullable ReasoningEffort reasoningEffort() {
        return reasoningEffort;
    }

    /**
     * Returns the token budget for reasoning (Anthropic {@code budget_tokens}, Gemini
     * {@code thinkingBudget}).
     *
     * @return the budget, less than {@link #maxOutputTokens()} when both are set, or {@code null}
     */
    public @Nullable Integer reasoningBudgetTokens() {
        return reasoningBudgetTokens;
    }

    /**
     * Returns whether the model may call several tools in one turn.
     *
     * @return the flag, or {@code null} for the provider default
     */
    public @Nullable Boolean parallelToolCalls() {
        return parallelToolCalls;
    }

    /**
     * Returns the end-user id passed to the provider for abuse monitoring.
     *
     * @return the user id, or {@code null}
     */
    public @Nullable String user() {
        return user;
    }

    /**
     * Returns the caller's key-value tags (OpenAI {@code metadata}).
     *
     * @return the tags, unmodifiable, possibly empty
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Returns copies of the per-provider options, keyed by provider name.
     *
     * @return provider name to options object, unmodifiable
     */
    public Map<String, ObjectNode> providerOptions() {
        return LanguageModelRequestBuilder.deepCopy(providerOptions);
    }

    /**
     * Returns a copy of one provider's options.
     *
     * @param provider the provider name, such as {@code anthropic}
     * @return the options, or empty when none were given for that provider
     */
    public Optional<ObjectNode> providerOptions(String provider) {
        ObjectNode options = providerOptions.get(provider);
        return options == null ? Optional.empty() : Optional.of(options.deepCopy());
    }

    Map<String, ObjectNode> providerOptionsView() {
        return providerOptions;
    }

    private Map<String, @Nullable Object> fields() {
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        fields.put("messages", messages);
        fields.put("temperature", temperature);
        fields.put("topP", topP);
        fields.put("topK", topK);
        fields.put("maxOutputTokens", maxOutputTokens);
        fields.put("stopSequences", stopSequences);
        fields.put("seed", seed);
        fields.put("presencePenalty", presencePenalty);
        fields.put("frequencyPenalty", frequencyPenalty);
        fields.put("tools", tools);
        fields.put("toolChoice", toolChoice);
        fields.put("responseFormat", responseFormat);
        fields.put("reasoningEffort", reasoningEffort);
        fields.put("reasoningBudgetTokens", reasoningBudgetTokens);
        fields.put("parallelToolCalls", parallelToolCalls);
        fields.put("user", user);
        fields.put("metadata", metadata);
        fields.put("providerOptions", providerOptions);
        return fields;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof LanguageModelRequest that && fields().equals(that.fields());
    }

    @Override
    public int hashCode() {
        return fields().hashCode();
    }

    /**
     * Describes the settings that are set; messages and tools appear as counts, because their
     * content can be large and sensitive.
     *
     * @return the description
     */
    @Override
    public String toString() {
        Map<String, @Nullable Object> set = new LinkedHashMap<>();
        fields().forEach((name, value) -> {
            if (value instanceof List<?> list && (name.equals("messages") || name.equals("tools"))) {
                value = list.size();
            }
            boolean empty = value instanceof List<?> list ? list.isEmpty() : value instanceof Map<?, ?> map && map.isEmpty();
            if (value != null && !empty) {
                set.put(name, value);
            }
        });
        return "LanguageModelRequest" + set;
    }

    static void requireNonNullElements(List<?> values, String name) {
        for (int i = 0; i < values.size(); i++) {
            Objects.requireNonNull(values.get(i), name + "[" + i + "]");
        }
    }
}
