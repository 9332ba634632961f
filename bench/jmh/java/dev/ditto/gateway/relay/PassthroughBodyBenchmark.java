package dev.ditto.gateway.relay;

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
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The passthrough body rewrite (the client's model replaced by the deployment's): the splice
 * into the client's bytes ({@link PassthroughBody}) against what it replaced ({@code treeCopy}):
 * a deep copy of the parsed tree when the request started (the decoders may change the tree),
 * another per attempt, the new model put in and the copy serialized.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PassthroughBodyBenchmark {

    private final ObjectMapper json = new ObjectMapper();
    private final byte[] body = BenchInputs.request();
    private ObjectNode tree;

    @Setup
    public void setUp() throws IOException {
        tree = (ObjectNode) json.readTree(body);
    }

    @Benchmark
    public byte[] splice() {
        return PassthroughBody.rewrite(body, "gpt-4o-mini", false, json);
    }

    @Benchmark
    public byte[] treeCopy() throws IOException {
        ObjectNode sent = tree.deepCopy().deepCopy();
        sent.put("model", "gpt-4o-mini");
        return json.writeValueAsBytes(sent);
    }
}
