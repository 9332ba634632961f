package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.UnixOperatingSystemMXBean;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Framing;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * 2,000 concurrent streaming chat completions through the embedded gateway, against a fake
 * upstream that streams 20 content events 20 to 50 ms apart (four deployments, round-robin).
 * The upstream holds every stream after its first event until all 2,000 clients have seen that
 * first event, so at that moment 2,000 streams are open at once through a gateway whose
 * container pool has at most {@value dev.ditto.config.DittoSettings.ServerSettings#MAX_DEFAULT_THREADS} threads: a
 * gateway that held a thread per stream could not get there, and the test would fail waiting.
 * The load client is the JDK's HttpClient with line subscribers on a two-thread executor, so it
 * holds no thread per stream either.
 *
 * <p>Checks: every stream delivers all its text, its finish reason and {@code [DONE]}; the JVM's
 * peak live thread count (gateway, fake upstream and client together, from
 * {@link ThreadMXBean#getPeakThreadCount()}) stays under {@value #MAX_THREADS}; the heap after
 * GC, once the client is gone, is within {@value #MAX_RETAINED_KIB_PER_STREAM} KiB per stream of
 * where it started. The numbers go to standard output.
 *
 * <p>The thread bound: the gateway's container pool (Jetty grows it towards its 200 under the
 * burst of 2,000 connections; the threads sit idle in the pool), the fake upstream's 16 and its
 * scheduler, each upstream transport's callback pool (two threads here) and selector, the two
 * client threads, timers, H2 and the JVM's own: about 200 to 250 measured, far below the 2,000 a
 * thread per stream would need. The heap bound: after the run the gateway keeps its 2,000 idle
 * upstream connections for reuse, each with the JDK client's 16 KiB read buffer, and the fake
 * upstream keeps their other ends (about 35 KiB per stream measured); anything that kept a
 * finished stream's state or buffers would add to that.
 *
 * <p>An IT (Failsafe, {@code mvn verify}) because it takes 25 to 40 s on a 2-core machine. It
 * needs an open-file limit of about 9,000: client, gateway and upstream share this JVM.
 */
class StreamingLoadIT {

    private static final int STREAMS = 2_000;
    private static final int CONTENT_EVENTS = 20;
    private static final List<Duration> DELAYS = List.of(
            Duration.ofMillis(20), Duration.ofMillis(30), Duration.ofMillis(40), Duration.ofMillis(50));
    private static final int MAX_THREADS = 400;
    private static final long MAX_RETAINED_KIB_PER_STREAM = 64;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration FINISH_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPECTED_TEXT = IntStream.range(0, CONTENT_EVENTS)
            .mapToObj(i -> "w" + i + " ").reduce("", String::concat);

    @Test
    void twoThousandConcurrentStreamsCompleteWithBoundedThreadsAndHeap() throws Exception {
        requireFileDescriptors(STREAMS * 4 + 1_000);
        CompletableFuture<Void> allStarted = new CompletableFuture<>();
        try (FakeUpstream upstream = FakeUpstream.start(); GatewayServer gateway = GatewayServer.start(config(upstream))) {
            for (int i = 0; i < DELAYS.size(); i++) {
                upstream.on("POST", "/d" + i + "/v1/chat/completions").defaultReply(upstreamStream().toBuilder()
                        .delayBetweenEvents(DELAYS.get(i)).gateBeforeEvent(1, allStarted).build());
            }
            upstream.on("POST", "/warmup/v1/chat/completions").defaultReply(upstreamStream());

            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            warmUp(gateway);
            long baselineHeap = heapAfterGc(memory);
            int baselineThreads = threads.getThreadCount();
            threads.resetPeakThreadCount();

            Sampler sampler = new Sampler(threads, memory);
            Wave wave;
            try {
                wave = Wave.run(gateway.uri("/v1/chat/completions"), allStarted, sampler);
            } finally {
                sampler.stop();
            }
            int peakThreads = threads.getPeakThreadCount();
            for (StreamProbe.Result result : wave.results()) {
                assertThat(result.status()).as("status").isEqualTo(200);
                assertThat(result.text()).as("streamed text").isEqualTo(EXPECTED_TEXT);
                assertThat(result.finishReason()).as("finish reason").isEqualTo("stop");
                assertThat(result.done()).as("[DONE] received").isTrue();
            }
            awaitClientGone(wave.clientSelector());
            long retainedHeap = heapAfterGc(memory);

            System.out.printf("StreamingLoadIT: %d streams x %d events, %d upstream requests; all open after %d ms,"
                    + " all done after %d ms; threads: baseline %d, peak %d, with all open %d (%s); heap: baseline"
                    + " %d MB, peak sampled %d MB, after GC %d MB%n", STREAMS, CONTENT_EVENTS, upstream.requestCount(),
                    ms(wave.allOpenNanos()), ms(wave.allDoneNanos()), baselineThreads, peakThreads,
                    sampler.threadsWhenAllOpen(), sampler.poolsWhenAllOpen(), mb(baselineHeap), mb(sampler.peakHeap()),
                    mb(retainedHeap));
            assertThat(peakThreads).as("peak live threads").isLessThan(MAX_THREADS);
            assertThat((retainedHeap - baselineHeap) / 1024).as("heap retained after GC, KiB")
                    .isLessThan(MAX_RETAINED_KIB_PER_STREAM * STREAMS);
        }
    }

    private static Set<Thread> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().endsWith("SelectorManager"))
                .collect(Collectors.toSet());
    }

    /**
     * Waits until the load client, now unreachable, is collected: its selector thread then ends and
     * closes the client's 2,000 idle keep-alive connections (Java 17's HttpClient has no close()),
     * so the gateway lets go of its side of them too.
     */
    private static void awaitClientGone(WeakReference<Thread> selector) throws InterruptedException {
        // A weak reference: the selector thread object holds the whole client, connections included.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread thread = selector.get(); thread != null && thread.isAlive(); thread = selector.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the load client's selector thread did not end after 30 s");
            }
            System.gc();
            thread.join(200);
        }
    }

    /** One run of all the streams, with a client that is unreachable once {@link #run} returns. */
    private record Wave(List<StreamProbe.Result> results, long allOpenNanos, long allDoneNanos,
            WeakReference<Thread> clientSelector) {

        static Wave run(URI uri, CompletableFuture<Void> allStarted, Sampler sampler) throws Exception {
            ExecutorService clientPool = Executors.newFixedThreadPool(2, daemon("load-client"));
            try {
                Set<Thread> selectors = selectorThreads();
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(30)).executor(clientPool).build();
                Thread selector = selectorThreads().stream().filter(t -> !selectors.contains(t)).findFirst()
                        .orElseThrow(() -> new AssertionError("the load client's selector thread was not found"));
                AtomicInteger firstEvents = new AtomicInteger();
                Runnable onFirstEvent = () -> {
                    if (firstEvents.incrementAndGet() == STREAMS) {
                        sampler.markAllOpen();
                        allStarted.complete(null);
                    }
                };
                long started = System.nanoTime();
                List<StreamProbe> probes = new ArrayList<>(STREAMS);
                for (int i = 0; i < STREAMS; i++) {
                    probes.add(StreamProbe.send(client, uri, onFirstEvent));
                }
                try {
                    allStarted.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError("only " + firstEvents.get() + " of " + STREAMS
                            + " streams had their first event after " + START_TIMEOUT + "; failures: "
                            + failures(probes), e);
                }
                long allOpen = System.nanoTime() - started;
                try {
                    CompletableFuture.allOf(probes.stream().map(p -> p.result).toArray(CompletableFuture[]::new))
                            .get(FINISH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError(probes.stream().filter(p -> !p.result.isDone()).count() + " of "
                            + STREAMS + " streams had not ended after " + FINISH_TIMEOUT, e);
                }
                long allDone = System.nanoTime() - started;
                return new Wave(probes.stream().map(p -> p.result.join()).toList(), allOpen, allDone,
                        new WeakReference<>(selector));
            } finally {
                clientPool.shutdownNow();
            }
        }
    }

    private static Map<String, Long> failures(List<StreamProbe> probes) {
        return probes.stream().filter(p -> p.result.isCompletedExceptionally())
                .map(p -> p.result.handle((r, e) -> String.valueOf(e)).join())
                .collect(Collectors.groupingBy(m -> m, Collectors.counting()));
    }

    private static String config(FakeUpstream upstream) {
        StringBuilder yaml = new StringBuilder("model_list:\n");
        for (int i = 0; i < DELAYS.size(); i++) {
            yaml.append("  - {model_name: load, litellm_params: {model: openai/gpt-4.1-nano, api_base: \"")
                    .append(upstream.baseUri()).append("/d").append(i).append("/v1\", api_key: sk-load}}\n");
        }
        yaml.append("  - {model_name: warmup, litellm_params: {model: openai/gpt-4.1-nano, api_base: \"")
                .append(upstream.baseUri()).append("/warmup/v1\", api_key: sk-load}}\n");
        return yaml.append("router_settings: {routing_strategy: round-robin, num_retries: 0}\n").toString();
    }

    /** Twenty content chunks, a finish chunk and a usage chunk, then [DONE]: as OpenAI streams. */
    private static Reply upstreamStream() {
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < CONTENT_EVENTS; i++) {
            payloads.add(chunk("{\"content\":\"w" + i + " \"}", "null", "null"));
        }
        payloads.add(chunk("{}", "\"stop\"", "null"));
        payloads.add(chunk(null, null, "{\"prompt_tokens\":5,\"completion_tokens\":" + CONTENT_EVENTS
                + ",\"total_tokens\":" + (CONTENT_EVENTS + 5) + "}"));
        return Reply.sse(Framing.DATA_THEN_DONE, payloads.toArray(String[]::new));
    }

    private static String chunk(String delta, String finishReason, String usage) {
        String choices = delta == null ? "[]"
                : "[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finishReason + "}]";
        return "{\"id\":\"chatcmpl-load\",\"object\":\"chat.completion.chunk\",\"created\":1770000000,"
                + "\"model\":\"gpt-4.1-nano\",\"choices\":" + choices + ",\"usage\":" + usage + "}";
    }

    /** Loads and compiles the hot path first, so that the baseline heap and threads include it. */
    private static void warmUp(GatewayServer gateway) throws IOException, InterruptedException {
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = gateway.postJson("/v1/chat/completions",
                    "{\"model\":\"warmup\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("[DONE]");
        }
    }

    private static long heapAfterGc(MemoryMXBean memory) throws InterruptedException {
        // Two rounds: the first may only enqueue what finalization or reference handling frees.
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static void requireFileDescriptors(long needed) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix) {
            assertThat(unix.getMaxFileDescriptorCount())
                    .as("open-file limit (ulimit -n): client, gateway and upstream share this JVM and need two "
                            + "sockets per stream on each hop").isGreaterThanOrEqualTo(needed);
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static long mb(long bytes) {
        return bytes / (1024 * 1024);
    }

    /** Samples live threads and used heap every 20 ms on a thread of its own. */
    private static final class Sampler {
        private final ThreadMXBean threads;
        private final MemoryMXBean memory;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("load-sampler"));
        private final AtomicLong peakHeap = new AtomicLong();
        private volatile int threadsWhenAllOpen = -1;
        private volatile Map<String, Long> poolsWhenAllOpen = Map.of();

        Sampler(ThreadMXBean threads, MemoryMXBean memory) {
            this.threads = threads;
            this.memory = memory;
            timer.scheduleAtFixedRate(this::sample, 0, 20, TimeUnit.MILLISECONDS);
        }

        private void sample() {
            peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        }

        /** Called the moment the last stream got its first event: every stream is open now. */
        void markAllOpen() {
            threadsWhenAllOpen = threads.getThreadCount();
            // Thread names without their numbers: ditto-http-N is the gateway's container pool.
            poolsWhenAllOpen = Thread.getAllStackTraces().keySet().stream()
                    .map(t -> t.getName().replaceAll("@.*", "").replaceAll("\\d+", "N"))
                    .collect(Collectors.groupingBy(name -> name, TreeMap::new, Collectors.counting()));
        }

        int threadsWhenAllOpen() {
            return threadsWhenAllOpen;
        }

        Map<String, Long> poolsWhenAllOpen() {
            return poolsWhenAllOpen;
        }

        long peakHeap() {
            return peakHeap.get();
        }

        void stop() throws InterruptedException {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** One streaming request, read line by line without a thread of its own. */
    private static final class StreamProbe implements Flow.Subscriber<String> {

        record Result(int status, String text, String finishReason, boolean done) {
        }

        private final Runnable onFirstEvent;
        private final StringBuilder text = new StringBuilder();
        private String finishReason = "";
        private boolean done;
        private boolean seenEvent;
        private CompletableFuture<Result> result;

        private StreamProbe(Runnable onFirstEvent) {
            this.onFirstEvent = onFirstEvent;
        }

        static StreamProbe send(HttpClient client, URI uri, Runnable onFirstEvent) {
            StreamProbe probe = new StreamProbe(onFirstEvent);
            HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"load\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}"))
                    .build();
            probe.result = client.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(probe, p -> p, "\n"))
                    .thenApply(response -> new Result(response.statusCode(), probe.text.toString(), probe.finishReason,
                            probe.done));
            return probe;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (!line.startsWith("data: ")) {
                return;
            }
            String data = line.substring(6);
            if (data.equals("[DONE]")) {
                done = true;
                return;
            }
            try {
                JsonNode choice = JSON.readTree(data).path("choices").path(0);
                text.append(choice.path("delta").path("content").asText(""));
                if (choice.hasNonNull("finish_reason")) {
                    finishReason = choice.get("finish_reason").asText();
                }
            } catch (IOException e) {
                text.append("<unparseable: ").append(data).append('>');
            }
            if (!seenEvent && !text.isEmpty()) {
                seenEvent = true;
                onFirstEvent.run();
            }
        }

        @Override
        public void onError(Throwable failure) {
            // The exchange future fails with it too.
        }

        @Override
        public void onComplete() {
        }
    }
}
