import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Load driver for streaming at scale: opens STREAMS concurrent streaming chat completions
 * (started evenly over RAMP_MS), counts every event, and prints one tab-separated summary line:
 * label, streams, ok, failed, events, seconds, events/s, time to first event p50/p90/p99/max (ms),
 * stream duration p50/p99 (ms), and the failures by reason.
 *
 * <p>One thread and one selector over raw sockets, so the driver costs a few microseconds per
 * event and is not what limits the run (the JDK's HttpClient, tried first, topped out near 4,000
 * events/s for 5,000 streams on a shared core). It reads the status line and counts
 * {@code data:} lines; a stream is ok when it answered 200 and delivered EVENTS events
 * ({@code data: [DONE]} included), and is then closed by the driver.
 *
 * <p>Run: {@code java bench/streams/StreamLoad.java LABEL URL MODEL STREAMS EVENTS RAMP_MS [AUTH]}.
 */
public final class StreamLoad {

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final long TIMEOUT_NANOS = 180_000_000_000L;

    /** One stream: its socket, request, and what it saw. */
    private static final class Stream {
        final ByteBuffer request;
        long startedAt;
        long firstEventAt;
        long endedAt;
        int status = -1;
        final StringBuilder statusLine = new StringBuilder();
        int match;
        int events;
        String failure;
        boolean done;

        Stream(ByteBuffer request) {
            this.request = request;
        }
    }

    public static void main(String[] args) throws Exception {
        String label = args[0];
        URI uri = URI.create(args[1]);
        String model = args[2];
        int streams = Integer.parseInt(args[3]);
        int expected = Integer.parseInt(args[4]);
        long rampNanos = Long.parseLong(args[5]) * 1_000_000L;
        String auth = args.length > 6 ? args[6] : "";
        byte[] body = ("{\"model\":\"" + model + "\",\"max_tokens\":200,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Count slowly to one hundred.\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\ncontent-type: application/json\r\naccept: text/event-stream\r\ncontent-length: " + body.length
                + (auth.isEmpty() ? "" : "\r\nauthorization: Bearer " + auth) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());

        Selector selector = Selector.open();
        List<Stream> all = new ArrayList<>(streams);
        ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
        long events = 0;
        int started = 0;
        int finished = 0;
        long t0 = System.nanoTime();
        long lastTimeoutCheck = t0;
        while (finished < streams) {
            long now = System.nanoTime();
            while (started < streams && now - t0 >= rampNanos * started / streams) {
                Stream s = new Stream(ByteBuffer.wrap(request));
                all.add(s);
                s.startedAt = now;
                started++;
                try {
                    SocketChannel channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    boolean connected = channel.connect(address);
                    channel.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, s);
                } catch (IOException e) {
                    finished += end(s, null, "no bytes: " + e.getClass().getSimpleName(), now);
                }
            }
            long untilNext = started < streams ? t0 + rampNanos * started / streams - now : 100_000_000L;
            selector.select(Math.max(1, untilNext / 1_000_000L));
            now = System.nanoTime();
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                Stream s = (Stream) key.attachment();
                SocketChannel channel = (SocketChannel) key.channel();
                try {
                    if (key.isConnectable()) {
                        channel.finishConnect();
                        key.interestOps(SelectionKey.OP_WRITE);
                    } else if (key.isWritable()) {
                        channel.write(s.request);
                        if (!s.request.hasRemaining()) {
                            key.interestOps(SelectionKey.OP_READ);
                        }
                    } else if (key.isReadable()) {
                        buffer.clear();
                        int n = channel.read(buffer);
                        if (n < 0) {
                            finished += end(s, key, s.events == 0 ? "no bytes: closed" : "short: " + s.events
                                    + " events", now);
                            continue;
                        }
                        buffer.flip();
                        int before = s.events;
                        scan(s, buffer, now);
                        events += s.events - before;
                        if (s.status >= 0 && s.status != 200) {
                            finished += end(s, key, "status " + s.status, now);
                        } else if (s.events >= expected) {
                            finished += end(s, key, s.events == expected ? null : "long: " + s.events + " events", now);
                        }
                    }
                } catch (IOException e) {
                    finished += end(s, key, (s.events == 0 ? "no bytes: " : "broken: ") + e.getClass().getSimpleName(),
                            now);
                }
            }
            if (now - lastTimeoutCheck > 1_000_000_000L) {
                lastTimeoutCheck = now;
                for (SelectionKey key : new ArrayList<>(selector.keys())) {
                    Stream s = (Stream) key.attachment();
                    if (!s.done && now - s.startedAt > TIMEOUT_NANOS) {
                        finished += end(s, key, "timeout: " + s.events + " events", now);
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Integer> failures = new TreeMap<>();
        List<Long> ttfb = new ArrayList<>();
        List<Long> durations = new ArrayList<>();
        for (Stream s : all) {
            if (s.failure != null) {
                failures.merge(s.failure, 1, Integer::sum);
            } else {
                ttfb.add(s.firstEventAt - s.startedAt);
                durations.add(s.endedAt - s.startedAt);
            }
        }
        long[] t = ttfb.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] d = durations.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%s\t%d\t%d\t%d\t%d\t%.2f\t%.0f\t%.2f\t%.2f\t%.2f\t%.2f\t%.0f\t%.0f\t%s%n", label, streams,
                t.length, streams - t.length, events, seconds, events / seconds, ms(t, 50), ms(t, 90), ms(t, 99),
                ms(t, 100), ms(d, 50), ms(d, 99), failures.isEmpty() ? "-" : failures.toString());
    }

    private static double ms(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    /** Reads the status code off the first line and counts {@code data:} lines as bytes arrive. */
    private static void scan(Stream s, ByteBuffer bytes, long now) {
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (s.status < 0) {
                if (b == '\n') {
                    String[] parts = s.statusLine.toString().trim().split(" ");
                    s.status = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
                } else if (s.statusLine.length() < 200) {
                    s.statusLine.append((char) b);
                }
                continue;
            }
            // "data:" repeats no prefix of itself, so a mismatch restarts the match at this byte.
            s.match = b == DATA[s.match] ? s.match + 1 : b == DATA[0] ? 1 : 0;
            if (s.match == DATA.length) {
                s.match = 0;
                if (s.events++ == 0) {
                    s.firstEventAt = now;
                }
            }
        }
    }

    /** Ends a stream (ok when failure is null), closing its socket; returns 1 if it was still open. */
    private static int end(Stream s, SelectionKey key, String failure, long now) {
        if (s.done) {
            return 0;
        }
        s.done = true;
        s.failure = failure;
        s.endedAt = now;
        if (key != null) {
            key.cancel();
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        return 1;
    }
}
