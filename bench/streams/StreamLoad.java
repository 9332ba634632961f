import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load driver for streaming at scale: opens STREAMS concurrent streaming chat completions
 * (started evenly over RAMP_MS), reads every event, and prints one tab-separated summary line:
 * label, streams, ok, failed, events, seconds, events/s, time to first event p50/p90/p99/max (ms),
 * stream duration p50/p99 (ms), and the failures by reason.
 *
 * <p>Run: {@code java bench/streams/StreamLoad.java LABEL URL MODEL STREAMS EVENTS RAMP_MS [AUTH]}.
 * A stream counts as ok when it answered 200 and delivered EVENTS events ({@code data: [DONE]} included).
 */
public final class StreamLoad {

    /** What one stream saw. */
    private static final class Stream {
        final long startedAt;
        volatile long firstEventAt;
        volatile long endedAt;
        volatile int status;
        volatile int events;
        volatile String failure;

        Stream(long startedAt) {
            this.startedAt = startedAt;
        }
    }

    public static void main(String[] args) throws Exception {
        String label = args[0];
        URI uri = URI.create(args[1]);
        String model = args[2];
        int streams = Integer.parseInt(args[3]);
        int expected = Integer.parseInt(args[4]);
        long rampMs = Long.parseLong(args[5]);
        String auth = args.length > 6 ? args[6] : "";
        String body = "{\"model\":\"" + model + "\",\"max_tokens\":200,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Count slowly to one hundred.\"}]}";
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).connectTimeout(Duration.ofSeconds(30)).build();
        ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor();
        List<Stream> all = new ArrayList<>(streams);
        List<CompletableFuture<?>> done = new ArrayList<>(streams);
        AtomicLong events = new AtomicLong();
        long t0 = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            long delayNanos = streams == 1 ? 0 : rampMs * 1_000_000L * i / streams;
            CompletableFuture<Void> finished = new CompletableFuture<>();
            done.add(finished);
            starter.schedule(() -> {
                Stream s = new Stream(System.nanoTime());
                synchronized (all) {
                    all.add(s);
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
                if (!auth.isEmpty()) {
                    request.header("authorization", "Bearer " + auth);
                }
                client.sendAsync(request.build(), info -> {
                    s.status = info.statusCode();
                    return HttpResponse.BodySubscribers.fromLineSubscriber(new Lines(s, events));
                }).whenComplete((response, error) -> {
                    s.endedAt = System.nanoTime();
                    if (error != null) {
                        Throwable cause = error.getCause() != null ? error.getCause() : error;
                        s.failure = (s.events == 0 ? "no bytes: " : "broken: ") + cause.getClass().getSimpleName();
                    } else if (s.status != 200) {
                        s.failure = "status " + s.status;
                    } else if (s.events != expected) {
                        s.failure = "short: " + s.events + " events";
                    }
                    finished.complete(null);
                });
            }, delayNanos, TimeUnit.NANOSECONDS);
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        starter.shutdown();
        Map<String, Integer> failures = new TreeMap<>();
        List<Long> ttfb = new ArrayList<>();
        List<Long> durations = new ArrayList<>();
        for (Stream s : all) {
            if (s.failure != null) {
                failures.merge(s.failure, 1, Integer::sum);
                continue;
            }
            ttfb.add(s.firstEventAt - s.startedAt);
            durations.add(s.endedAt - s.startedAt);
        }
        long[] t = ttfb.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] d = durations.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%s\t%d\t%d\t%d\t%d\t%.2f\t%.0f\t%.2f\t%.2f\t%.2f\t%.2f\t%.0f\t%.0f\t%s%n", label, streams,
                t.length, streams - t.length, events.get(), seconds, events.get() / seconds, ms(t, 50), ms(t, 90),
                ms(t, 99), ms(t, 100), ms(d, 50), ms(d, 99), failures.isEmpty() ? "-" : failures.toString());
        System.exit(0);
    }

    private static double ms(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    /** Counts a stream's events (its {@code data:} lines) and notes when the first came. */
    private static final class Lines implements Flow.Subscriber<String> {
        private final Stream stream;
        private final AtomicLong events;

        Lines(Stream stream, AtomicLong events) {
            this.stream = stream;
            this.events = events;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("data:")) {
                if (stream.events == 0) {
                    stream.firstEventAt = System.nanoTime();
                }
                stream.events++;
                events.incrementAndGet();
            }
        }

        @Override
        public void onError(Throwable error) {
        }

        @Override
        public void onComplete() {
        }
    }
}
