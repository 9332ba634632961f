package dev.ditto.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads a gateway's server-sent events as raw text, event by event, for tests that compare the
 * bytes a client receives with what the upstream sent. The gateway's keep-alive comments (sent
 * when a stream is idle, which depends on timing) are left out.
 */
public final class RawSse {

    /** The comment the gateway writes into an idle stream. */
    public static final String KEEP_ALIVE = ": keep-alive\n\n";

    private RawSse() {
    }

    /**
     * Reads the next event, up to and including its blank line, skipping comment-only blocks.
     *
     * @param in the response body
     * @return the event text, or null at a clean end of the body
     * @throws IOException if the connection breaks or the body ends inside an event
     */
    public static @Nullable String next(InputStream in) throws IOException {
        while (true) {
            String block = nextBlock(in);
            if (block == null || !block.startsWith(":")) {
                return block;
            }
        }
    }

    /**
     * Returns a whole body without the gateway's keep-alive comments.
     *
     * @param body the bytes the client received
     * @return the same bytes, comments removed
     */
    public static byte[] withoutKeepAlives(byte[] body) {
        byte[] comment = KEEP_ALIVE.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int i = 0;
        while (i < body.length) {
            boolean atBlockStart = i == 0 || (body[i - 1] == '\n' && (i < 2 || body[i - 2] == '\n'));
            if (atBlockStart && i + comment.length <= body.length
                    && Arrays.equals(body, i, i + comment.length, comment, 0, comment.length)) {
                i += comment.length;
            } else {
                out.write(body[i++]);
            }
        }
        return out.toByteArray();
    }

    /**
     * Reads the next block, event or comment, up to and including its blank line.
     *
     * @param in the response body
     * @return the block's text, or null at a clean end of the body
     * @throws IOException if the connection breaks or the body ends inside a block
     */
    public static @Nullable String nextBlock(InputStream in) throws IOException {
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        int previous = -1;
        int b;
        while ((b = in.read()) >= 0) {
            event.write(b);
            if (b == '\n' && previous == '\n') {
                return event.toString(StandardCharsets.UTF_8);
            }
            previous = b;
        }
        if (event.size() > 0) {
            throw new IOException("body ended inside an event: " + event.toString(StandardCharsets.UTF_8));
        }
        return null;
    }
}
