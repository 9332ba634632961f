package dev.ditto.gateway.tokens;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.ResponseFormat;
import dev.ditto.sdk.TokenCounter;
import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.message.ProviderPart;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.SystemMessage;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import dev.ditto.sdk.message.ToolMessage;
import dev.ditto.sdk.message.ToolResultPart;
import dev.ditto.sdk.message.UserMessage;
import dev.ditto.sdk.tool.FunctionTool;
import dev.ditto.sdk.tool.ProviderDefinedTool;
import dev.ditto.sdk.tool.Tool;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Counts a request's input tokens offline with OpenAI's byte-pair encodings: {@code o200k_base}
 * for the GPT-4o, GPT-4.1, GPT-4.5, GPT-5, gpt-oss and o-series families, {@code cl100k_base}
 * for every other model. The text of each message (role and content), of tool calls and
 * results, of the tool definitions and of a JSON schema response format is encoded as it is;
 * the chat framing OpenAI adds is counted as documented by OpenAI's cookbook: {@value
 * #TOKENS_PER_MESSAGE} tokens per message and {@value #REPLY_PRIMING_TOKENS} for the primed
 * reply. An image, file or audio part counts as {@value #TOKENS_PER_MEDIA_PART} tokens (a
 * 1024×1024 image at OpenAI's high detail), since its size is not known here.
 *
 * <p>Exact for the text of OpenAI models; an estimate for the framing of tool definitions,
 * for media, and for other providers' tokenizers (Gemini, Llama, Mistral, ...), which differ.
 * Special-token text such as {@code <|endoftext|>} in a prompt counts as ordinary text.
 *
 * <p>Thread-safe. The encodings load on first use (a few MB each) and are held by the
 * instance; create one per gateway.
 *
 * <pre>{@code
 * LocalTokenCounter tokens = LocalTokenCounter.create();
 * long n = tokens.count(LanguageModelRequest.of("Hello"), "gpt-4o");
 * }</pre>
 */
public final class LocalTokenCounter {

    /** Framing tokens per message ({@code <|start|>role ... <|end|>}), as OpenAI's cookbook counts them. */
    public static final int TOKENS_PER_MESSAGE = 3;
    /** Tokens that prime the reply ({@code <|start|>assistant<|message|>}). */
    public static final int REPLY_PRIMING_TOKENS = 3;
    /** The estimate for one image, file or audio part. */
    public static final int TOKENS_PER_MEDIA_PART = 765;

    /** Model ids of the families tokenized with o200k_base, after any {@code provider/} and {@code ft:} prefix. */
    private static final Pattern O200K_MODELS = Pattern.compile(
            "(gpt-4o|chatgpt-4o|gpt-4\\.1|gpt-4\\.5|gpt-5|gpt-oss|o[1-9])([-.:_].*)?");

    private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    private final ObjectMapper json = new ObjectMapper();

    private LocalTokenCounter() {
    }

    /**
     * Creates a counter; the encodings load when first used.
     *
     * @return the counter
     */
    public static LocalTokenCounter create() {
        return new LocalTokenCounter();
    }

    /**
     * Names the encoding used for a model.
     *
     * @param modelId the provider's model id, such as {@code gpt-4o-mini} or {@code openai/gpt-4.1}
     * @return {@code o200k_base} or {@code cl100k_base}
     */
    public static String encodingName(String modelId) {
        return encodingType(modelId).getName();
    }

    /**
     * Counts the input tokens of a request for a model.
     *
     * @param request the request
     * @param modelId the provider's model id, which selects the encoding
     * @return the count, framing included
     */
    public long count(LanguageModelRequest request, String modelId) {
        Encoding encoding = registry.getEncoding(encodingType(modelId));
        long total = REPLY_PRIMING_TOKENS;
        for (Message message : request.messages()) {
            total += message(encoding, message);
        }
        for (Tool tool : request.tools()) {
            total += encoding.countTokensOrdinary(toolJson(tool));
        }
        if (request.responseFormat() instanceof ResponseFormat.JsonSchema schema) {
            total += encoding.countTokensOrdinary(schema.name()) + encoding.countTokensOrdinary(schema.schema().toString());
        }
        return total;
    }

    /**
     * Counts the tokens of a text for a model, without any framing.
     *
     * @param text the text
     * @param modelId the provider's model id, which selects the encoding
     * @return the count
     */
    public int countText(String text, String modelId) {
        return registry.getEncoding(encodingType(modelId)).countTokensOrdinary(text);
    }

    /**
     * Returns this counter as a {@link TokenCounter} for one model, for code that takes either
     * a provider's counter or this estimate.
     *
     * @param modelId the provider's model id
     * @return a counter whose futures are already complete
     */
    public TokenCounter forModel(String modelId) {
        return request -> CompletableFuture.completedFuture(count(request, modelId));
    }

    private static EncodingType encodingType(String modelId) {
        String id = modelId.toLowerCase(Locale.ROOT);
        id = id.substring(id.lastIndexOf('/') + 1);
        if (id.startsWith("ft:")) {
            id = id.substring(3);
        }
        return O200K_MODELS.matcher(id).matches() ? EncodingType.O200K_BASE : EncodingType.CL100K_BASE;
    }

    private long message(Encoding encoding, Message message) {
        if (message instanceof SystemMessage system) {
            return framed(encoding, "system") + encoding.countTokensOrdinary(system.text());
        }
        if (message instanceof UserMessage user) {
            return framed(encoding, "user") + parts(encoding, user.content());
        }
        if (message instanceof AssistantMessage assistant) {
            return framed(encoding, "assistant") + parts(encoding, assistant.content());
        }
        long sum = 0;
        // Chat formats send each tool result as a message of its own.
        for (ToolResultPart result : ((ToolMessage) message).results()) {
            sum += framed(encoding, "tool") + part(encoding, result);
        }
        return sum;
    }

    private static long framed(Encoding encoding, String role) {
        return TOKENS_PER_MESSAGE + encoding.countTokensOrdinary(role);
    }

    private long parts(Encoding encoding, Iterable<? extends ContentPart> parts) {
        long sum = 0;
        for (ContentPart part : parts) {
            sum += part(encoding, part);
        }
        return sum;
    }

    private long part(Encoding encoding, ContentPart part) {
        if (part instanceof TextPart text) {
            return encoding.countTokensOrdinary(text.text());
        }
        if (part instanceof ReasoningPart reasoning) {
            return encoding.countTokensOrdinary(reasoning.text());
        }
        if (part instanceof ToolCallPart call) {
            return encoding.countTokensOrdinary(call.toolName()) + encoding.countTokensOrdinary(call.arguments());
        }
        if (part instanceof ToolResultPart result) {
            return parts(encoding, result.content());
        }
        if (part instanceof ProviderPart provider) {
            return encoding.countTokensOrdinary(provider.value().toString());
        }
        // ImagePart, FilePart, AudioPart: the size is not known here.
        return TOKENS_PER_MEDIA_PART;
    }

    /** A tool as a chat API receives it: its definition as compact JSON. */
    private String toolJson(Tool tool) {
        ObjectNode node = json.createObjectNode();
        if (tool instanceof FunctionTool function) {
            node.put("name", function.name());
            if (function.description() != null) {
                node.put("description", function.description());
            }
            node.set("parameters", function.parameters());
        } else if (tool instanceof ProviderDefinedTool provided) {
            node.put("type", provided.id());
            node.put("name", provided.name());
            node.setAll(provided.args());
        }
        return write(node);
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
