package dev.ditto.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.provider.echo.EchoModel;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Encodes an echo reply as OpenAI's {@code chat.completion} object or as a stream of
 * {@code chat.completion.chunk} server-sent events: a role chunk, one chunk per word, a finish
 * chunk, the usage chunk when the client asked for it ({@code stream_options.include_usage}),
 * then {@code data: [DONE]}. Each event is flushed as it is written.
 */
final class ChatCompletionEncoder {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json;
    private final String id;
    private final long created;
    private final String model;

    ChatCompletionEncoder(ObjectMapper json, String id, long created, String model) {
        this.json = json;
        this.id = id;
        this.created = created;
        this.model = model;
    }

    byte[] completion(EchoModel.EchoReply reply) {
        ObjectNode completion = header("chat.completion");
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", reply.text()).putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(reply));
        completion.set("usage", usage(reply));
        return bytes(completion);
    }

    StreamingOutput stream(EchoModel.EchoReply reply, boolean includeUsage) {
        return out -> {
            ObjectNode role = chunk(includeUsage);
            delta(role).put("role", "assistant").put("content", "");
            event(out, role);
            for (String word : reply.words()) {
                ObjectNode chunk = chunk(includeUsage);
                delta(chunk).put("content", word);
                event(out, chunk);
            }
            ObjectNode finish = chunk(includeUsage);
            delta(finish);
            ((ObjectNode) finish.path("choices").get(0)).put("finish_reason", finishReason(reply));
            event(out, finish);
            if (includeUsage) {
                ObjectNode usage = header("chat.completion.chunk");
                usage.putArray("choices");
                usage.set("usage", usage(reply));
                event(out, usage);
            }
            out.write(DONE);
            out.flush();
        };
    }

    private ObjectNode header(String object) {
        ObjectNode node = json.createObjectNode();
        node.put("id", id).put("object", object).put("created", created).put("model", model);
        node.putNull("system_fingerprint");
        return node;
    }

    private ObjectNode chunk(boolean includeUsage) {
        ObjectNode chunk = header("chat.completion.chunk");
        ArrayNode choices = chunk.putArray("choices");
        ObjectNode choice = choices.addObject().put("index", 0);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private static ObjectNode delta(ObjectNode chunk) {
        return (ObjectNode) chunk.path("choices").get(0).path("delta");
    }

    private ObjectNode usage(EchoModel.EchoReply reply) {
        return json.createObjectNode()
                .put("prompt_tokens", reply.promptTokens())
                .put("completion_tokens", reply.completionTokens())
                .put("total_tokens", reply.promptTokens() + reply.completionTokens());
    }

    private static String finishReason(EchoModel.EchoReply reply) {
        return reply.truncated() ? "length" : "stop";
    }

    private void event(OutputStream out, ObjectNode chunk) throws IOException {
        out.write("data: ".getBytes(StandardCharsets.UTF_8));
        out.write(bytes(chunk));
        out.write("\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
