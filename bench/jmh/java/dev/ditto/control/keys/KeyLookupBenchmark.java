package dev.ditto.control.keys;

import dev.ditto.control.Caller;
import dev.ditto.control.Credentials;
import dev.ditto.sdk.Ticker;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
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
 * Key lookup on the hot path: a virtual key presented in {@code Authorization}, hashed (SHA-256)
 * and found in the authenticator's cache, as every request after a key's first does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KeyLookupBenchmark {

    private KeyAuthenticator authenticator;
    private Credentials credentials;

    @Setup
    public void setUp() {
        FakeKeyStore store = new FakeKeyStore();
        GeneratedKey secret = KeyGenerator.of(KeyHasher.sha256()).generate();
        store.create(VirtualKey.builder("key_bench", secret.hash()).displayPrefix(secret.displayPrefix())
                .alias("bench").tenantId("ten_a").projectId("prj_a").userId("usr_a").allowedModels(Set.of("bench"))
                .metadata(Map.of("env", "bench")).created(Instant.now()).build());
        authenticator = new KeyAuthenticator(store, KeyHasher.sha256(), "sk-bench-master-key",
                KeyAuthenticator.Settings.ofDefaults(), Clock.systemUTC(), Ticker.system());
        credentials = new Credentials(secret.secret(), "/v1/chat/completions", "127.0.0.1");
        authenticator.authenticate(credentials);
    }

    /** A cached virtual key: hash, cache hit, expiry and route checks. */
    @Benchmark
    public Caller cachedVirtualKey() {
        return authenticator.authenticate(credentials);
    }

    /** The master key: a constant-time comparison, no hash. */
    @Benchmark
    public Caller masterKey() {
        return authenticator.authenticate(new Credentials("sk-bench-master-key", "/v1/chat/completions", "127.0.0.1"));
    }
}
