package dev.ditto.gateway.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.sdk.http.SseEvent;
import dev.ditto.sdk.http.SseParser;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The passthrough stream relay per event, without the sockets: the mock's stream (bench/mock/
 * chat.sse: 20 content chunks, a usage chunk and {@code [DONE]}) parsed from bytes as the
 * upstream sends it, each event checked for usage (the usage chunk parsed) and written again
 * for the client. Reported per event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SseRelayBenchmark {

    private static final int EVENTS = 22;

    private final ObjectMapper json = new ObjectMapper();
    private byte[] stream;

    @Setup
    public void setUp() {
        stream = BenchInputs.mock("chat.sse");
        int[] count = {0};
        SseParser parser = SseParser.ofDefaults();
        parser.feed(ByteBuffer.wrap(stream), event -> count[0]++);
        parser.finish(event -> count[0]++);
        if (count[0] != EVENTS) {
            throw new IllegalStateException("bench/mock/chat.sse has " + count[0] + " events, expected " + EVENTS);
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void relayPerEvent(Blackhole hole) {
        SseParser parser = SseParser.ofDefaults();
        String[] lastId = {null};
        SseParser.Listener relay = event -> {
            hole.consume(PassthroughWire.usageCarrier(event.data(), json));
            hole.consume(SseBytes.relayed(event, lastId[0]));
            lastId[0] = event.id();
        };
        parser.feed(ByteBuffer.wrap(stream), relay);
        parser.finish(relay);
    }

    /** The parse alone, for comparison. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void parsePerEvent(Blackhole hole) {
        SseParser parser = SseParser.ofDefaults();
        SseParser.Listener sink = (SseEvent event) -> hole.consume(event);
        parser.feed(ByteBuffer.wrap(stream), sink);
        parser.finish(sink);
    }
}
