package dev.ditto.sdk;

import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The complete answer of a language model: content parts in the order generated, why it stopped,
 * token usage, and the warnings of anything the adapter dropped or approximated.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * LanguageModelResult result = model.generate("Capital of France?");
 * System.out.println(result.text() + " (" + result.finishReason() + ", "
 *         + result.usage().output().total() + " tokens)");
 * }</pre>
 */
public final class LanguageModelResult {

    private final List<ContentPart> content;
    private final FinishReason finishReason;
    private final @Nullable String rawFinishReason;
    private final Usage usage;
    private final List<Warning> warnings;
    private final ProviderMetadata providerMetadata;
    private final @Nullable String responseId;
    private final @Nullable String modelId;
    private final @Nullable Instant createdAt;

    private LanguageModelResult(Builder b) {
        this.content = List.copyOf(b.content);
        this.finishReason = Objects.requireNonNull(b.finishReason, "finishReason");
        this.rawFinishReason = b.rawFinishReason;
        this.usage = b.usage;
        this.warnings = List.copyOf(b.warnings);
        this.providerMetadata = b.providerMetadata;
        this.responseId = b.responseId;
        this.modelId = b.modelId;
        this.createdAt = b.createdAt;
    }

    /**
     * Returns a builder with no content, empty usage and no finish reason (which
     * {@link Builder#build()} requires).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this result's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.content.addAll(content);
        b.finishReason = finishReason;
        b.rawFinishReason = rawFinishReason;
        b.usage = usage;
        b.warnings.addAll(warnings);
        b.providerMetadata = providerMetadata;
        b.responseId = responseId;
        b.modelId = modelId;
        b.createdAt = createdAt;
        return b;
    }

    /**
     * Returns the generated parts in order: text, reasoning, tool calls, files and provider items.
     *
     * @return the parts, unmodifiable
     */
    public List<ContentPart> content() {
        return content;
    }

    /**
     * Returns the text parts joined.
     *
     * @return the text, empty when there is none
     */
    public String text() {
        StringBuilder text = new StringBuilder();
        content.stream().filter(TextPart.class::isInstance).forEach(part -> text.append(((TextPart) part).text()));
        return text.toString();
    }

    /**
     * Returns the reasoning parts' text joined.
     *
     * @return the reasoning text, empty when there is none
     */
    public String reasoningText() {
        StringBuilder text = new StringBuilder();
        content.stream().filter(ReasoningPart.class::isInstance)
                .forEach(part -> text.append(((ReasoningPart) part).text()));
        return text.toString();
    }

    /**
     * Returns the tool calls among the content, in order.
     *
     * @return the tool calls, unmodifiable
     */
    public List<ToolCallPart> toolCalls() {
        return content.stream().filter(ToolCallPart.class::isInstance).map(ToolCallPart.class::cast).toList();
    }

    /**
     * Returns this answer as an assistant message, to append to the conversation for the next turn.
     *
     * @return the message holding the content and provider metadata
     */
    public AssistantMessage toMessage() {
        return new AssistantMessage(content, providerMetadata);
    }

    /**
     * Returns why the model stopped, unified across providers.
     *
     * @return the finish reason
     */
    public FinishReason finishReason() {
        return finishReason;
    }

    /**
     * Returns the provider's own finish reason, such as {@code end_turn} or {@code MAX_TOKENS}.
     *
     * @return the raw value, or {@code null} when the provider sent none
     */
    public @Nullable String rawFinishReason() {
        return rawFinishReason;
    }

    /**
     * Returns the token usage.
     *
     * @return the usage, {@link Usage#empty()} when the provider reported none
     */
    public Usage usage() {
        return usage;
    }

    /**
     * Returns what the adapter dropped or approximated.
     *
     * @return the warnings, unmodifiable
     */
    public List<Warning> warnings() {
        return warnings;
    }

    /**
     * Returns provider-specific values about the whole response, such as Gemini safety ratings.
     *
     * @return the metadata
     */
    public ProviderMetadata providerMetadata() {
        return providerMetadata;
    }

    /**
     * Returns the provider's response id, such as {@code chatcmpl-...} or {@code msg_...}.
     *
     * @return the id, or {@code null} when the provider sent none
     */
    public @Nullable String responseId() {
        return responseId;
    }

    /**
     * Returns the model that answered, as the provider names it (often a dated version).
     *
     * @return the model id, or {@code null} when the provider did not say
     */
    public @Nullable String modelId() {
        return modelId;
    }

    /**
     * Returns when the provider created the response.
     *
     * @return the instant, or {@code null} when the provider did not say
     */
    public @Nullable Instant createdAt() {
        return createdAt;
    }

    private Map<String, @Nullable Object> fields() {
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        fields.put("content", content);
        fields.put("finishReason", finishReason);
        fields.put("rawFinishReason", rawFinishReason);
        fields.put("usage", usage);
        fields.put("warnings", warnings);
        fields.put("providerMetadata", providerMetadata);
        fields.put("responseId", responseId);
        fields.put("modelId", modelId);
        fields.put("createdAt", createdAt);
        return fields;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof LanguageModelResult that && fields().equals(that.fields());
    }

    @Override
    public int hashCode() {
        return fields().hashCode();
    }

    @Override
    public String toString() {
        return "LanguageModelResult" + fields();
    }

    /** Collects a result's values. Not thread-safe. */
    public static final class Builder {

        private final List<ContentPart> content = new ArrayList<>();
        private @Nullable FinishReason finishReason;
        private @Nullable String rawFinishReason;
        private Usage usage = Usage.empty();
        private final List<Warning> warnings = new ArrayList<>();
        private ProviderMetadata providerMetadata = ProviderMetadata.empty();
        private @Nullable String responseId;
        private @Nullable String modelId;
        private @Nullable Instant createdAt;

        private Builder() {
        }

        /**
         * Appends a generated part.
         *
         * @param part the part
         * @return this builder
         */
        public Builder addContent(ContentPart part) {
            content.add(Objects.requireNonNull(part, "part"));
            return this;
        }

        /**
         * Replaces the generated parts.
         *
         * @param parts the parts, in order
         * @return this builder
         */
        public Builder content(List<? extends ContentPart> parts) {
            LanguageModelRequest.requireNonNullElements(parts, "content");
            content.clear();
            content.addAll(parts);
            return this;
        }

        /**
         * Sets why the model stopped.
         *
         * @param unified the unified reason
         * @param raw the provider's own value, or {@code null}
         * @return this builder
         */
        public Builder finishReason(FinishReason unified, @Nullable String raw) {
            this.finishReason = Objects.requireNonNull(unified, "unified");
            this.rawFinishReason = raw;
            return this;
        }

        /**
         * Sets the token usage.
         *
         * @param value the usage
         * @return this builder
         */
        public Builder usage(Usage value) {
            this.usage = Objects.requireNonNull(value, "usage");
            return this;
        }

        /**
         * Appends a warning.
         *
         * @param warning what was dropped or approximated
         * @return this builder
         */
        public Builder addWarning(Warning warning) {
            warnings.add(Objects.requireNonNull(warning, "warning"));
            return this;
        }

        /**
         * Sets the provider-specific values about the whole response.
         *
         * @param value the metadata
         * @return this builder
         */
        public Builder providerMetadata(ProviderMetadata value) {
            this.providerMetadata = Objects.requireNonNull(value, "providerMetadata");
            return this;
        }

        /**
         * Sets the provider's response id.
         *
         * @param value the id, or {@code null}
         * @return this builder
         */
        public Builder responseId(@Nullable String value) {
            this.responseId = value;
            return this;
        }

        /**
         * Sets the model that answered.
         *
         * @param value the model id, or {@code null}
         * @return this builder
         */
        public Builder modelId(@Nullable String value) {
            this.modelId = value;
            return this;
        }

        /**
         * Sets when the provider created the response.
         *
         * @param value the instant, or {@code null}
         * @return this builder
         */
        public Builder createdAt(@Nullable Instant value) {
            this.createdAt = value;
            return this;
        }

        /**
         * Builds the result.
         *
         * @return the result
         * @throws IllegalStateException if no finish reason was set
         */
        public LanguageModelResult build() {
            if (finishReason == null) {
                throw new IllegalStateException("a result needs a finish reason; use OTHER when the provider gave none");
            }
            return new LanguageModelResult(this);
        }
    }
}
