package dev.ditto.gateway.filter;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * A request body stream that fails with {@link RequestBodyTooLargeException} past a limit, in
 * blocking and in non-blocking mode alike: a {@link ReadListener} is registered on the container's
 * stream as is, and reads it through this one, so every byte is counted whichever way it is read.
 * Once over the limit the stream stays failed: {@link #isReady()} says true so that a
 * non-blocking reader reads again and meets the failure instead of waiting for a callback that
 * will not come.
 */
final class LimitedInputStream extends ServletInputStream {

    private final ServletInputStream delegate;
    private final long limit;
    private long read;
    private boolean exceeded;
    private boolean ended;

    LimitedInputStream(ServletInputStream delegate, long limit) {
        this.delegate = delegate;
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        requireWithinLimit();
        int b = delegate.read();
        if (b >= 0) {
            count(1);
        } else {
            ended = true;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        requireWithinLimit();
        int n = delegate.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        } else if (n < 0) {
            ended = true;
        }
        return n;
    }

    /** Returns whether the body went past the limit (and a read threw for it). */
    boolean exceeded() {
        return exceeded;
    }

    /**
     * Returns whether the body was read to its end: its end was met, or all of a declared length
     * was read (a JSON parser stops after the closing brace, before it would meet the end).
     *
     * @param declared the declared length; -1 for a chunked body
     * @return whether nothing of the body is left unread
     */
    boolean readToEnd(long declared) {
        return ended || (declared >= 0 && read >= declared) || delegate.isFinished();
    }

    private void requireWithinLimit() throws RequestBodyTooLargeException {
        if (exceeded) {
            throw new RequestBodyTooLargeException(limit);
        }
    }

    private void count(int n) throws RequestBodyTooLargeException {
        read += n;
        if (read > limit) {
            exceeded = true;
            throw new RequestBodyTooLargeException(limit);
        }
    }

    @Override
    public boolean isFinished() {
        return !exceeded && delegate.isFinished();
    }

    @Override
    public boolean isReady() {
        return exceeded || delegate.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        delegate.setReadListener(listener);
    }
}
