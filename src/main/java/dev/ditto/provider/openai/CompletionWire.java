package dev.ditto.provider.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The bodies of the legacy {@code POST /completions} API: a text prompt in, text out. */
final class CompletionWire {

    private CompletionWire() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(
            String model,
            String prompt,
            @JsonProperty("max_tokens") @Nullable Integer maxTokens,
            @Nullable Double temperature,
            @JsonProperty("top_p") @Nullable Double topP,
            @Nullable List<String> stop,
            @Nullable Long seed,
            @JsonProperty("presence_penalty") @Nullable Double presencePenalty,
            @JsonProperty("frequency_penalty") @Nullable Double frequencyPenalty,
            @Nullable String user,
            @Nullable Boolean stream,
            @JsonProperty("stream_options") ChatRequestWire.@Nullable StreamOptions streamOptions) {
    }

    /** A whole {@code text_completion}, or one chunk of a stream. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Completion(@Nullable String id, @Nullable String model, @Nullable Long created,
            @Nullable List<Choice> choices, @Nullable JsonNode usage, @Nullable JsonNode error) {

        @Nullable Choice firstChoice() {
            if (choices == null) {
                return null;
            }
            return choices.stream().filter(c -> c.index() == null || c.index() == 0).findFirst().orElse(null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Choice(@Nullable Integer index, @Nullable String text,
            @JsonProperty("finish_reason") @Nullable String finishReason, @Nullable JsonNode logprobs) {
    }
}
