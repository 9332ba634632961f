package dev.ditto.gateway.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A range of a file as a request body: each subscription opens the file and reads a chunk per
 * buffer requested, from the thread that requests it, and closes the file when the range has
 * been read or the subscription is cancelled. Disk reads are short, so the requesting thread
 * (the HTTP client's) is not held waiting on anything remote.
 */
final class FileRange implements Flow.Publisher<ByteBuffer> {

    private static final int CHUNK = 64 * 1024;

    private final Path file;
    private final long from;
    private final long to;

    FileRange(Path file, long from, long to) {
        this.file = file;
        this.from = from;
        this.to = to;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        new Reading(subscriber).start();
    }

    /** One read of the range; signals are serialised by a work-in-progress counter. */
    private final class Reading implements Flow.Subscription {

        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private volatile boolean done;
        private long position = from;
        private @Nullable FileChannel channel;

        Reading(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        void start() {
            subscriber.onSubscribe(this);
            drain();
        }

        @Override
        public void request(long n) {
            demand.getAndUpdate(current -> current + n < 0 ? Long.MAX_VALUE : current + n);
            drain();
        }

        @Override
        public void cancel() {
            done = true;
            drain();
        }

        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                step();
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }

        private void step() {
            try {
                while (!done) {
                    if (position >= to) {
                        done = true;
                        close();
                        subscriber.onComplete();
                        return;
                    }
                    if (demand.get() == 0) {
                        return;
                    }
                    demand.decrementAndGet();
                    subscriber.onNext(read());
                }
                close();
            } catch (IOException | RuntimeException e) {
                done = true;
                close();
                subscriber.onError(e);
            }
        }

        private ByteBuffer read() throws IOException {
            FileChannel open = channel;
            if (open == null) {
                open = FileChannel.open(file, StandardOpenOption.READ);
                channel = open;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, to - position));
            while (buffer.hasRemaining()) {
                int n = open.read(buffer, position + buffer.position());
                if (n < 0) {
                    throw new IOException("the spooled upload " + file + " ended at " + (position + buffer.position())
                            + ", before " + to);
                }
            }
            position += buffer.capacity();
            return buffer.flip();
        }

        private void close() {
            FileChannel open = channel;
            channel = null;
            if (open != null) {
                try {
                    open.close();
                } catch (IOException e) {
                    // Read-only; nothing is lost.
                }
            }
        }
    }
}
