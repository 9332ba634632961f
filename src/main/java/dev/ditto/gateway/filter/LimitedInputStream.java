package dev.ditto.gateway.filter;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/** A request body stream that fails with {@link RequestBodyTooLargeException} past a limit. */
final class LimitedInputStream extends ServletInputStream {

    private final ServletInputStream delegate;
    private final long limit;
    private long read;

    LimitedInputStream(ServletInputStream delegate, long limit) {
        this.delegate = delegate;
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = delegate.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = delegate.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) throws RequestBodyTooLargeException {
        read += n;
        if (read > limit) {
            throw new RequestBodyTooLargeException(limit);
        }
    }

    @Override
    public boolean isFinished() {
        return delegate.isFinished();
    }

    @Override
    public boolean isReady() {
        return delegate.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        delegate.setReadListener(listener);
    }
}
