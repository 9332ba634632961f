package dev.ditto.provider.openai;

import static dev.ditto.provider.openai.EdgeParams.bool;
import static dev.ditto.provider.openai.EdgeParams.integer;
import static dev.ditto.provider.openai.EdgeParams.invalid;
import static dev.ditto.provider.openai.EdgeParams.requireString;
import static dev.ditto.provider.openai.EdgeParams.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelRequestBuilder;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.UserMessage;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The gateway's edge for OpenAI's legacy text completions ({@code POST /v1/completions}): a
 * client's request becomes a unified request with one user message holding the prompt, and
 * unified results and streams come back as {@code text_completion} objects and chunks, whichever
 * provider served them.
 *
 * <p>Accepted: {@code prompt} as a string or an array of one string, {@code max_tokens},
 * {@code temperature}, {@code top_p}, {@code stop}, {@code seed}, the penalties, {@code user},
 * {@code stream} and {@code stream_options}; {@code logprobs}, {@code logit_bias} and
 * {@code suffix} travel in {@code providerOptions("openai")} for an OpenAI upstream. Rejected with
 * an {@link InvalidParameterException} naming the parameter: unknown fields, token-array
 * prompts, several prompts, {@code n} or {@code best_of} other than 1, and {@code echo}. Errors
 * use Chat's envelope, which is the same. Immutable and thread-safe.
 *
 * <pre>{@code
 * OpenAiCompletionEdgeCodec codec = OpenAiCompletionEdgeCodec.ofDefaults();
 * OpenAiChatEdgeRequest in = codec.decodeRequest(body);
 * ObjectNode json = codec.encodeResult(model.generate(in.request()), in.model());
 * }</pre>
 */
public final class OpenAiCompletionEdgeCodec {

    private static final OpenAiCompletionEdgeCodec DEFAULT =
            new OpenAiCompletionEdgeCodec(Clock.systemUTC(), () -> "cmpl-" + ToolCallIds.generate().substring(5));

    /** Documented fields that travel as OpenAI provider options. */
    private static final Set<String> PASSTHROUGH = Set.of("logprobs", "logit_bias", "suffix");
    private static final Set<String> KNOWN = Set.of("model", "prompt", "best_of", "echo", "frequency_penalty",
            "logit_bias", "logprobs", "max_tokens", "n", "presence_penalty", "seed", "stop", "stream", "stream_options",
            "suffix", "temperature", "top_p", "user");

    private final Clock clock;
    private final Supplier<String> ids;

    private OpenAiCompletionEdgeCodec(Clock clock, Supplier<String> ids) {
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * Returns the codec with the system clock and random {@code cmpl-...} ids.
     *
     * @return the shared codec
     */
    public static OpenAiCompletionEdgeCodec ofDefaults() {
        return DEFAULT;
    }

    /**
     * Returns a codec with its own clock (for {@code created}) and id source.
     *
     * @param clock the wall clock
     * @param ids makes completion ids, such as {@code cmpl-...}
     * @return a new codec
     */
    public static OpenAiCompletionEdgeCodec of(Clock clock, Supplier<String> ids) {
        return new OpenAiCompletionEdgeCodec(Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(ids, "ids"));
    }

    /**
     * Decodes a client's request body.
     *
     * @param body the parsed JSON body
     * @return the unified request (one user message), the model name and the streaming choices
     * @throws InvalidParameterException if a field is unknown, mistyped, invalid or cannot be
     *     translated; its {@link InvalidParameterException#param()} names the field
     */
    public OpenAiChatEdgeRequest decodeRequest(ObjectNode body) {
        EdgeParams.rejectUnknown(Objects.requireNonNull(body, "body"), KNOWN, "");
        String model = requireString(body, "model", "model");
        onlyOne(body, "n");
        onlyOne(body, "best_of");
        if (Boolean.TRUE.equals(bool(body, "echo", "echo"))) {
            throw invalid("echo", "'echo' is not supported by this gateway");
        }
        LanguageModelRequestBuilder b = LanguageModelRequest.builder();
        b.message(UserMessage.of(TextPart.of(prompt(value(body, "prompt")))));
        ChatRequestDecoder.sampling(body, b);
        ObjectNode openAi = WireJson.MAPPER.createObjectNode();
        for (String field : PASSTHROUGH) {
            JsonNode option = value(body, field);
            if (option != null) {
                openAi.set(field, option.deepCopy());
            }
        }
        if (!openAi.isEmpty()) {
            b.providerOptions(OpenAiProvider.NAME, openAi);
        }
        boolean stream = Boolean.TRUE.equals(bool(body, "stream", "stream"));
        boolean includeUsage = ChatRequestDecoder.streamOptions(body, stream);
        return new OpenAiChatEdgeRequest(b.build(), model, stream, includeUsage);
    }

    private static String prompt(JsonNode prompt) {
        if (prompt == null) {
            throw EdgeParams.missing("prompt");
        }
        if (prompt.isTextual()) {
            return prompt.asText();
        }
        if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            return prompt.get(0).asText();
        }
        throw invalid("prompt", prompt.isArray() && prompt.size() > 1 && prompt.get(0).isTextual()
                ? "Only one prompt per request is supported; send the prompts as separate requests"
                : "'prompt' must be a string or an array of one string; token arrays are not supported");
    }

    private static void onlyOne(ObjectNode body, String field) {
        Long n = integer(body, field);
        if (n != null && n != 1) {
            throw invalid(field, "Only " + field + "=1 is supported, but " + field + "=" + n + " was requested");
        }
    }

    /**
     * Encodes a result as a {@code text_completion} body.
     *
     * @param result the result
     * @param model the model name to report, usually the one the client asked for
     * @return the body
     */
    public ObjectNode encodeResult(LanguageModelResult result, String model) {
        String id = result.responseId() == null ? ids.get() : result.responseId();
        long created = result.createdAt() == null ? clock.instant().getEpochSecond() : result.createdAt().getEpochSecond();
        ObjectNode completion = OpenAiCompletionStreamEncoder.header(id, created, Objects.requireNonNull(model, "model"));
        completion.putArray("choices").add(OpenAiCompletionStreamEncoder.choice(result.text(),
                ChatFinishReasons.toWire(result.finishReason())));
        completion.set("usage", ChatUsage.toWire(result.usage()));
        return completion;
    }

    /**
     * Returns an encoder for one streamed answer.
     *
     * @param model the model name to report in every chunk
     * @param includeUsage whether to send the final usage chunk ({@code choices: []})
     * @return a new encoder, for one stream only
     */
    public OpenAiCompletionStreamEncoder newStreamEncoder(String model, boolean includeUsage) {
        return new OpenAiCompletionStreamEncoder(Objects.requireNonNull(model, "model"), includeUsage, ids,
                clock.instant().getEpochSecond());
    }

    /**
     * Encodes a failure as OpenAI would answer it (the same envelope as Chat's).
     *
     * @param error the failure
     * @return status, body and retry-after
     */
    public OpenAiChatEdgeCodec.EncodedError encodeError(SdkException error) {
        return ChatErrorEncoder.encode(Objects.requireNonNull(error, "error"));
    }
}
