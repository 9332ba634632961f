package dev.ditto.gateway.relay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading what admission needs from a chat request (model, stream, max tokens): with a streaming
 * parser that binds nothing ({@code sniff}), against parsing the tree ({@code tree}) and the
 * gateway's full decode into SDK types ({@code treeAndDecode}, what {@code RelayServlet} does
 * today for validation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RequestSniffBenchmark {

    /** What admission reads of a request. */
    public record Sniffed(String model, boolean stream, long maxTokens) {}

    private final ObjectMapper json = new ObjectMapper();
    private final byte[] body = BenchInputs.request();
    private final EdgeFormat chat = EdgeFormats.openAiChat();

    @Benchmark
    public Sniffed sniff() throws IOException {
        String model = null;
        boolean stream = false;
        long maxTokens = -1;
        try (JsonParser parser = json.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not an object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "model" -> model = parser.getText();
                    case "stream" -> stream = value == JsonToken.VALUE_TRUE;
                    case "max_tokens", "max_completion_tokens" -> maxTokens = parser.getLongValue();
                    default -> parser.skipChildren();
                }
            }
        }
        return new Sniffed(model, stream, maxTokens);
    }

    @Benchmark
    public Sniffed tree() throws IOException {
        ObjectNode tree = (ObjectNode) json.readTree(body);
        return new Sniffed(tree.path("model").asText(), tree.path("stream").asBoolean(),
                tree.path("max_tokens").asLong(-1));
    }

    @Benchmark
    public EdgeFormat.Decoded treeAndDecode() throws IOException {
        return chat.decode((ObjectNode) json.readTree(body), null);
    }
}
