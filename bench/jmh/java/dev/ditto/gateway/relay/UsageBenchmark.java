package dev.ditto.gateway.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Usage extraction in passthrough: the {@code usage} object of a whole chat completion (found
 * with a streaming parser that skips the rest), the check every stream event gets, and the
 * parse of the one usage chunk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class UsageBenchmark {

    private final ObjectMapper json = new ObjectMapper();
    private byte[] body;
    private String contentChunk;
    private String usageChunk;

    @Setup
    public void setUp() {
        body = BenchInputs.mock("chat.json");
        String[] events = new String(BenchInputs.mock("chat.sse"), java.nio.charset.StandardCharsets.UTF_8)
                .split("\n\n");
        contentChunk = events[1].substring("data: ".length());
        usageChunk = events[events.length - 2].substring("data: ".length());
        if (!PassthroughWire.mayCarryUsage(usageChunk) || PassthroughWire.mayCarryUsage(contentChunk)) {
            throw new IllegalStateException("bench/mock/chat.sse changed shape");
        }
    }

    @Benchmark
    public JsonNode fromBody() {
        return PassthroughWire.bodyUsage(body, json);
    }

    @Benchmark
    public boolean checkContentEvent() {
        return PassthroughWire.mayCarryUsage(contentChunk);
    }

    @Benchmark
    public JsonNode fromUsageEvent() {
        return PassthroughWire.usageCarrier(usageChunk, json);
    }
}
