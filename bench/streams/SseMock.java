import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.PriorityQueue;

/**
 * A mock OpenAI upstream for streaming at scale: every POST is answered with a chat completion
 * stream of EVENTS events (content chunks, a usage chunk and [DONE]), the first at once and the
 * others INTERVAL_MS apart. One thread, one selector, no thread per stream, so thousands of
 * concurrent streams cost it almost nothing. HTTP/1.1 keep-alive, chunked answers.
 *
 * <p>Run: {@code java bench/streams/SseMock.java PORT [EVENTS] [INTERVAL_MS]} (JDK 17 source launch).
 */
public final class SseMock {

    private static final byte[] HEADERS = ("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
            + "cache-control: no-cache\r\ntransfer-encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final String CHUNK = "{\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion.chunk\",\"created\":1770933892,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" word%d\"},"
            + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}";
    private static final String USAGE = "{\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion.chunk\",\"created\":1770933892,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":16,\"completion_tokens\":%d,"
            + "\"total_tokens\":%d}}";

    /** One client connection: its unread request bytes, its unsent answer bytes and its stream's progress. */
    private static final class Conn {
        final SocketChannel channel;
        final StringBuilder request = new StringBuilder();
        final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        int sent = -1; // events sent of the current stream; -1 while reading a request
        long due;

        Conn(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private final int events;
    private final long intervalNanos;
    private final Selector selector;
    private final byte[][] chunks;
    private final PriorityQueue<Conn> timers = new PriorityQueue<>((a, b) -> Long.compare(a.due, b.due));

    private SseMock(int events, long intervalMs) throws IOException {
        this.events = events;
        this.intervalNanos = intervalMs * 1_000_000L;
        this.selector = Selector.open();
        this.chunks = chunks();
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        SseMock mock = new SseMock(args.length > 1 ? Integer.parseInt(args[1]) : 100,
                args.length > 2 ? Long.parseLong(args[2]) : 20);
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
        server.configureBlocking(false);
        server.register(mock.selector, SelectionKey.OP_ACCEPT);
        System.out.println("sse mock on 127.0.0.1:" + port);
        mock.loop(server);
    }

    private void loop(ServerSocketChannel server) throws IOException {
        while (true) {
            Conn next = timers.peek();
            long remaining = next == null ? 0 : next.due - System.nanoTime();
            if (next == null) {
                selector.select();
            } else if (remaining <= 0) {
                selector.selectNow();
            } else {
                selector.select(Math.max(1, (remaining + 999_999) / 1_000_000L));
            }
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                try {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        SocketChannel channel;
                        while ((channel = server.accept()) != null) {
                            channel.configureBlocking(false);
                            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                            channel.register(selector, SelectionKey.OP_READ, new Conn(channel));
                        }
                        continue;
                    }
                    Conn conn = (Conn) key.attachment();
                    if (key.isReadable()) {
                        read(conn, key);
                    }
                    if (key.isValid() && key.isWritable()) {
                        flush(conn, key);
                    }
                } catch (IOException e) {
                    close(key);
                }
            }
            long now = System.nanoTime();
            while (!timers.isEmpty() && timers.peek().due <= now) {
                Conn conn = timers.poll();
                SelectionKey key = conn.channel.keyFor(selector);
                if (key == null || !key.isValid()) {
                    continue;
                }
                try {
                    sendEvent(conn, key);
                } catch (IOException e) {
                    close(key);
                }
            }
        }
    }

    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);

    private void read(Conn conn, SelectionKey key) throws IOException {
        readBuffer.clear();
        int n = conn.channel.read(readBuffer);
        if (n < 0) {
            close(key);
            return;
        }
        conn.request.append(new String(readBuffer.array(), 0, n, StandardCharsets.ISO_8859_1));
        if (conn.sent >= 0) {
            return; // a pipelined request waits for the stream to end
        }
        startIfComplete(conn, key);
    }

    private void startIfComplete(Conn conn, SelectionKey key) throws IOException {
        int headerEnd = conn.request.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return;
        }
        int length = 0;
        for (String line : conn.request.substring(0, headerEnd).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                length = Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        if (conn.request.length() < headerEnd + 4 + length) {
            return;
        }
        conn.request.delete(0, headerEnd + 4 + length);
        conn.out.add(ByteBuffer.wrap(HEADERS));
        conn.sent = 0;
        sendEvent(conn, key);
    }

    /** The stream's events as HTTP chunks, made once: the mock spends nothing per event but the write. */
    private byte[][] chunks() {
        byte[][] all = new byte[events + 1][];
        for (int i = 1; i <= events; i++) {
            String data = i == events ? "[DONE]"
                    : i == events - 1 ? String.format(USAGE, events - 2, events + 14) : String.format(CHUNK, i);
            byte[] event = ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
            String chunk = Integer.toHexString(event.length) + "\r\n" + new String(event, StandardCharsets.UTF_8)
                    + "\r\n" + (i == events ? "0\r\n\r\n" : "");
            all[i] = chunk.getBytes(StandardCharsets.UTF_8);
        }
        return all;
    }

    private void sendEvent(Conn conn, SelectionKey key) throws IOException {
        int i = ++conn.sent;
        conn.out.add(ByteBuffer.wrap(chunks[i]));
        flush(conn, key);
        if (i < events) {
            conn.due = System.nanoTime() + intervalNanos;
            timers.add(conn);
        } else {
            conn.sent = -1;
            startIfComplete(conn, key);
        }
    }

    private void flush(Conn conn, SelectionKey key) throws IOException {
        while (!conn.out.isEmpty()) {
            ByteBuffer head = conn.out.peek();
            conn.channel.write(head);
            if (head.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            conn.out.poll();
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    private static void close(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
