package dev.ditto.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.Warning;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How one server's Chat Completions API differs from OpenAI's: which request fields it names
 * differently or lacks, whether it accepts {@code stream_options}, where its reasoning text
 * arrives, and how strictly its streams end.
 *
 * <p>The OpenAI adapter is tolerant on the way in whatever the dialect says (it reads
 * {@code reasoning_content}, {@code reasoning} and Mistral's {@code thinking} parts, Groq's
 * {@code x_groq.usage}, tool-call fragments without {@code id} or {@code index}); the dialect
 * decides what is <em>sent</em> and how usage and stream ends are judged. OpenAI-compatible
 * vendors declare theirs in {@code dev.ditto.provider.openaicompatible}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * OpenAiChatDialect vendor = OpenAiChatDialect.builder()
 *         .maxTokensField("max_tokens")
 *         .renameField("seed", "random_seed")
 *         .unsupportedField("user")
 *         .streamUsage(false)
 *         .build();
 * }</pre>
 */
public final class OpenAiChatDialect {

    /** The field OpenAI reads the output limit from. */
    public static final String MAX_COMPLETION_TOKENS = "max_completion_tokens";

    /** The field DeepSeek, xAI and others stream reasoning text in. */
    public static final String REASONING_CONTENT = "reasoning_content";

    /** The field Groq, OpenRouter, Ollama and others stream reasoning text in. */
    public static final String REASONING = "reasoning";

    /** Request fields the adapter never lets a dialect drop, because the call means nothing without them. */
    private static final Set<String> ESSENTIAL = Set.of("model", "messages", "stream");

    /** The unified setting each request field carries, for warnings. */
    private static final Map<String, String> SETTINGS = Map.ofEntries(
            Map.entry("temperature", "temperature"), Map.entry("top_p", "topP"), Map.entry("top_k", "topK"),
            Map.entry(MAX_COMPLETION_TOKENS, "maxOutputTokens"), Map.entry("stop", "stopSequences"),
            Map.entry("seed", "seed"), Map.entry("presence_penalty", "presencePenalty"),
            Map.entry("frequency_penalty", "frequencyPenalty"), Map.entry("tools", "tools"),
            Map.entry("tool_choice", "toolChoice"), Map.entry("parallel_tool_calls", "parallelToolCalls"),
            Map.entry("response_format", "responseFormat"), Map.entry("reasoning_effort", "reasoningEffort"),
            Map.entry("user", "user"), Map.entry("metadata", "metadata"));

    private static final OpenAiChatDialect OPENAI = builder().build();

    private final boolean streamUsage;
    private final String reasoningField;
    private final Map<String, String> renamedFields;
    private final Set<String> unsupportedFields;
    private final boolean requireDoneMarker;
    private final boolean reasoningExcludedFromCompletionTokens;
    private final boolean structuredOutputs;

    private OpenAiChatDialect(Builder b) {
        this.streamUsage = b.streamUsage;
        this.reasoningField = b.reasoningField;
        this.renamedFields = Collections.unmodifiableMap(new LinkedHashMap<>(b.renamedFields));
        this.unsupportedFields = Collections.unmodifiableSet(new LinkedHashSet<>(b.unsupportedFields));
        this.requireDoneMarker = b.requireDoneMarker;
        this.reasoningExcludedFromCompletionTokens = b.reasoningExcludedFromCompletionTokens;
        this.structuredOutputs = b.structuredOutputs;
    }

    /**
     * Returns OpenAI's own dialect: {@code max_completion_tokens}, {@code stream_options} with
     * {@code include_usage}, no {@code top_k}, and streams that must end with {@code [DONE]}.
     *
     * @return the dialect
     */
    public static OpenAiChatDialect openAi() {
        return OPENAI;
    }

    /**
     * Returns a builder holding OpenAI's dialect.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this dialect's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.streamUsage = streamUsage;
        b.reasoningField = reasoningField;
        b.renamedFields.clear();
        b.renamedFields.putAll(renamedFields);
        b.unsupportedFields.clear();
        b.unsupportedFields.addAll(unsupportedFields);
        b.requireDoneMarker = requireDoneMarker;
        b.reasoningExcludedFromCompletionTokens = reasoningExcludedFromCompletionTokens;
        b.structuredOutputs = structuredOutputs;
        return b;
    }

    /**
     * Returns whether streaming requests send {@code stream_options: {"include_usage": true}}.
     *
     * @return {@code true} when the server accepts it
     */
    public boolean streamUsage() {
        return streamUsage;
    }

    /**
     * Returns the response field read first for reasoning text; the other known field is the
     * fallback.
     *
     * @return {@value #REASONING_CONTENT} or {@value #REASONING}
     */
    public String reasoningField() {
        return reasoningField;
    }

    /**
     * Returns the request fields sent under another name, OpenAI name to the server's name.
     *
     * @return the renames, unmodifiable
     */
    public Map<String, String> renamedFields() {
        return renamedFields;
    }

    /**
     * Returns the request fields the server does not accept; they are left out with a warning.
     *
     * @return the OpenAI field names, unmodifiable
     */
    public Set<String> unsupportedFields() {
        return unsupportedFields;
    }

    /**
     * Returns whether a stream that ends without {@code data: [DONE]} counts as broken off even
     * when a finish reason arrived.
     *
     * @return {@code true} for OpenAI
     */
    public boolean requireDoneMarker() {
        return requireDoneMarker;
    }

    /**
     * Returns whether {@code completion_tokens} leaves reasoning tokens out (xAI), so that the
     * output total is their sum.
     *
     * @return {@code true} when reasoning tokens must be added
     */
    public boolean reasoningExcludedFromCompletionTokens() {
        return reasoningExcludedFromCompletionTokens;
    }

    /**
     * Returns whether the server takes {@code response_format} of type {@code json_schema}; when
     * not, a schema request is sent as {@code json_object} with a warning.
     *
     * @return {@code true} for OpenAI
     */
    public boolean structuredOutputs() {
        return structuredOutputs;
    }

    /**
     * Rewrites an OpenAI request body into this dialect: drops unsupported fields with a warning
     * and renames the others.
     */
    void adapt(ObjectNode body, List<Warning> warnings) {
        JsonNode format = body.get("response_format");
        if (!structuredOutputs && format != null && "json_schema".equals(format.path("type").asText())) {
            body.putObject("response_format").put("type", "json_object");
            warnings.add(Warning.approximated("responseFormat",
                    "this provider takes no JSON schema; asked for a JSON object instead"));
        }
        for (String field : unsupportedFields) {
            if (body.has(field)) {
                body.remove(field);
                warnings.add(Warning.unsupportedSetting(SETTINGS.getOrDefault(field, field),
                        "'" + field + "' is not supported by this provider and was not sent"));
            }
        }
        renamedFields.forEach((from, to) -> {
            JsonNode value = body.remove(from);
            if (value != null) {
                body.set(to, value);
            }
        });
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof OpenAiChatDialect that && streamUsage == that.streamUsage
                && reasoningField.equals(that.reasoningField) && renamedFields.equals(that.renamedFields)
                && unsupportedFields.equals(that.unsupportedFields) && requireDoneMarker == that.requireDoneMarker
                && reasoningExcludedFromCompletionTokens == that.reasoningExcludedFromCompletionTokens
                && structuredOutputs == that.structuredOutputs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(streamUsage, reasoningField, renamedFields, unsupportedFields, requireDoneMarker,
                reasoningExcludedFromCompletionTokens, structuredOutputs);
    }

    @Override
    public String toString() {
        return "OpenAiChatDialect[streamUsage=" + streamUsage + ", reasoningField=" + reasoningField
                + ", renamed=" + renamedFields + ", unsupported=" + unsupportedFields
                + ", requireDoneMarker=" + requireDoneMarker + "]";
    }

    /** Collects a dialect's values, starting from OpenAI's. Not thread-safe. */
    public static final class Builder {

        private boolean streamUsage = true;
        private String reasoningField = REASONING_CONTENT;
        private final Map<String, String> renamedFields = new LinkedHashMap<>();
        private final Set<String> unsupportedFields = new LinkedHashSet<>(Set.of("top_k"));
        private boolean requireDoneMarker = true;
        private boolean reasoningExcludedFromCompletionTokens;
        private boolean structuredOutputs = true;

        private Builder() {
        }

        /**
         * Sets whether streaming requests ask for usage with {@code stream_options}.
         *
         * @param value {@code false} for servers that reject {@code stream_options}
         * @return this builder
         */
        public Builder streamUsage(boolean value) {
            this.streamUsage = value;
            return this;
        }

        /**
         * Sets the response field read first for reasoning text.
         *
         * @param value {@value #REASONING_CONTENT} or {@value #REASONING}
         * @return this builder
         * @throws IllegalArgumentException for any other name
         */
        public Builder reasoningField(String value) {
            if (!REASONING_CONTENT.equals(value) && !REASONING.equals(value)) {
                throw new IllegalArgumentException("reasoningField must be '" + REASONING_CONTENT + "' or '"
                        + REASONING + "' but was '" + value + "'");
            }
            this.reasoningField = value;
            return this;
        }

        /**
         * Sets the field the output limit is sent in.
         *
         * @param value {@value #MAX_COMPLETION_TOKENS} (OpenAI) or {@code max_tokens}
         * @return this builder
         */
        public Builder maxTokensField(String value) {
            return MAX_COMPLETION_TOKENS.equals(value) ? forget(MAX_COMPLETION_TOKENS)
                    : renameField(MAX_COMPLETION_TOKENS, value);
        }

        /**
         * Sends an OpenAI request field under another name.
         *
         * @param openAiName the field as OpenAI names it, such as {@code seed}
         * @param serverName the server's name for it, such as {@code random_seed}
         * @return this builder
         * @throws IllegalArgumentException if the field is essential, blank, or declared unsupported
         */
        public Builder renameField(String openAiName, String serverName) {
            requireOptional(openAiName);
            if (serverName.isBlank()) {
                throw new IllegalArgumentException("the server name of '" + openAiName + "' must not be blank");
            }
            if (unsupportedFields.contains(openAiName)) {
                throw new IllegalArgumentException("'" + openAiName + "' was already declared unsupported");
            }
            renamedFields.put(openAiName, serverName);
            return this;
        }

        /**
         * Declares an OpenAI request field the server rejects; it is left out with a warning.
         *
         * @param openAiName the field as OpenAI names it, such as {@code user}
         * @return this builder
         * @throws IllegalArgumentException if the field is essential or renamed
         */
        public Builder unsupportedField(String openAiName) {
            requireOptional(openAiName);
            if (renamedFields.containsKey(openAiName)) {
                throw new IllegalArgumentException("'" + openAiName + "' is already renamed to '"
                        + renamedFields.get(openAiName) + "'");
            }
            unsupportedFields.add(openAiName);
            return this;
        }

        /**
         * Declares an OpenAI request field the server accepts after all (such as {@code top_k},
         * which OpenAI lacks but vLLM takes).
         *
         * @param openAiName the field name
         * @return this builder
         */
        public Builder supportedField(String openAiName) {
            unsupportedFields.remove(openAiName);
            return this;
        }

        /**
         * Sets whether a stream must end with {@code data: [DONE]}.
         *
         * @param value {@code false} to accept a body that ends after the finish reason
         * @return this builder
         */
        public Builder requireDoneMarker(boolean value) {
            this.requireDoneMarker = value;
            return this;
        }

        /**
         * Sets whether {@code completion_tokens} leaves reasoning tokens out.
         *
         * @param value {@code true} for xAI
         * @return this builder
         */
        public Builder reasoningExcludedFromCompletionTokens(boolean value) {
            this.reasoningExcludedFromCompletionTokens = value;
            return this;
        }

        /**
         * Sets whether the server takes {@code json_schema} response formats.
         *
         * @param value {@code false} for servers with JSON mode only (DeepSeek)
         * @return this builder
         */
        public Builder structuredOutputs(boolean value) {
            this.structuredOutputs = value;
            return this;
        }

        /**
         * Builds the dialect.
         *
         * @return the dialect
         */
        public OpenAiChatDialect build() {
            return new OpenAiChatDialect(this);
        }

        private Builder forget(String field) {
            renamedFields.remove(field);
            return this;
        }

        private static void requireOptional(String field) {
            if (field.isBlank() || ESSENTIAL.contains(field)) {
                throw new IllegalArgumentException("'" + field + "' cannot be renamed or dropped");
            }
        }
    }
}
