package dev.ditto.gateway.relay;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a client's multipart upload without blocking (a {@link ReadListener}) and hands it on as
 * a {@link ProxyBody}, never holding the whole of it in memory:
 *
 * <ul>
 *   <li><b>streamed</b>: when the {@code model} field comes before any file (the Python SDK's
 *       order), the head of the body (up to {@value #HEAD_LIMIT} bytes) is read to find it, and
 *       the rest is read only as the upstream asks for more, so the upstream gets the first bytes
 *       while the client still sends. Sent once: no retry, no fallback;</li>
 *   <li><b>spooled</b>: when a file comes first (openai-java, openai-node, {@code curl -F file=@...
 *       -F model=...}), the model cannot be known before the file has gone by, so the upload is
 *       written to a temporary file as it arrives, then sent from there; it can be replayed;</li>
 *   <li><b>in memory</b>: a form small enough to arrive whole while its head is read.</li>
 * </ul>
 *
 * <p>Uploads without a model ({@code POST /v1/files}) are streamed from the first byte.
 *
 * <p>Thread-safety: the container's callbacks and the upstream's demand all go through
 * {@link #drain()}, a work-in-progress loop that lets one thread at a time touch the input
 * stream, the scanner, the spool file and the subscriber. The input is read only when the
 * container said it is ready, on whichever thread runs the loop.
 */
final class UploadReader implements ReadListener, Flow.Publisher<ByteBuffer> {

    /** The most of a form's head held in memory while looking for the model. */
    static final int HEAD_LIMIT = 64 * 1024;
    private static final int CHUNK = 32 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(UploadReader.class);

    /** Hears how the search for the model ended, once; called from inside the read loop. */
    interface Listener {
        /**
         * The model is known and the body can be sent.
         *
         * @param body the body
         * @param model the client's model
         */
        void ready(ProxyBody body, String model);

        /**
         * The upload failed before the model was known: malformed, no model, too large, or the
         * client went away.
         *
         * @param failure why
         */
        void failed(Throwable failure);
    }

    private enum Mode { HEAD, SPOOL, PAUSED, PUBLISH, DONE }

    private final ServletInputStream in;
    private final @Nullable MultipartScanner scanner;
    private final long declaredLength;
    private final @Nullable Listener listener;
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicBoolean sent = new AtomicBoolean();
    private volatile boolean waiting = true;
    private volatile boolean eof;
    private volatile boolean released;
    private volatile @Nullable Throwable clientFailure;
    private volatile Flow.@Nullable Subscriber<? super ByteBuffer> subscriber;
    private volatile @Nullable Throwable failure;

    // Owned by the thread inside drain().
    private Mode mode;
    private byte[] head = new byte[0];
    private int headLength;
    private @Nullable FileChannel spool;
    private @Nullable Path spoolFile;
    private long spooled;
    private @Nullable Throwable pendingError;

    private UploadReader(ServletInputStream in, @Nullable MultipartScanner scanner, long declaredLength,
            @Nullable Listener listener) {
        this.in = in;
        this.scanner = scanner;
        this.declaredLength = declaredLength;
        this.listener = listener;
        this.mode = scanner == null ? Mode.PAUSED : Mode.HEAD;
    }

    /**
     * Starts reading a form for its {@code model} field; the listener hears the outcome.
     *
     * @param in the request's input stream, after {@code startAsync}
     * @param boundary the form's boundary
     * @param declaredLength the request's Content-Length, or -1
     * @param listener hears the outcome
     * @return the reader, started
     */
    static UploadReader scanning(ServletInputStream in, String boundary, long declaredLength, Listener listener) {
        UploadReader reader = new UploadReader(in, new MultipartScanner(boundary, "model"), declaredLength, listener);
        in.setReadListener(reader);
        return reader;
    }

    /**
     * Starts an upload that is streamed as it is, read only as the upstream asks for it.
     *
     * @param in the request's input stream, after {@code startAsync}
     * @param declaredLength the request's Content-Length, or -1
     * @return the reader, started; {@link #streamed()} is its body
     */
    static UploadReader streaming(ServletInputStream in, long declaredLength) {
        UploadReader reader = new UploadReader(in, null, declaredLength, null);
        in.setReadListener(reader);
        return reader;
    }

    /**
     * Returns why the client's side of the upload failed (too large, the client went away), if it did.
     *
     * @return the failure, or null
     */
    @Nullable Throwable clientFailure() {
        return clientFailure;
    }

    /** The body of an upload streamed as it is (no model to find). */
    ProxyBody streamed() {
        return streamedBody(null, 0, 0);
    }

    // ---- ReadListener: container threads

    @Override
    public void onDataAvailable() {
        waiting = false;
        drain();
    }

    @Override
    public void onAllDataRead() {
        eof = true;
        waiting = false;
        drain();
    }

    @Override
    public void onError(Throwable error) {
        clientFailure = error;
        failure = error;
        drain();
    }

    // ---- Publisher: the upstream's side

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> next) {
        next.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                demand.getAndUpdate(current -> current + n < 0 ? Long.MAX_VALUE : current + n);
                drain();
            }

            @Override
            public void cancel() {
                released = true;
                drain();
            }
        });
        subscriber = next;
        drain();
    }

    /** Stops reading and deletes any spool file; the upload is not sent (again). */
    void release() {
        released = true;
        drain();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            try {
                step();
            } catch (IOException | MultipartScanner.MalformedException | RuntimeException e) {
                if (e instanceof IOException) {
                    clientFailure = e;
                }
                fail(e);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void step() throws IOException, MultipartScanner.MalformedException {
        Throwable undelivered = pendingError;
        Flow.Subscriber<? super ByteBuffer> late = subscriber;
        if (mode == Mode.DONE && undelivered != null && late != null) {
            pendingError = null;
            late.onError(undelivered);
            return;
        }
        byte[] scratch = null;
        while (mode != Mode.DONE) {
            Throwable failed = failure;
            if (failed != null) {
                fail(failed);
                return;
            }
            if (released) {
                finish();
                return;
            }
            if (mode == Mode.PAUSED) {
                if (subscriber == null) {
                    return;
                }
                mode = Mode.PUBLISH;
            }
            if (eof) {
                end();
                return;
            }
            if (waiting || mode == Mode.PUBLISH && demand.get() == 0) {
                return;
            }
            // Flag first: the container may call onDataAvailable as soon as isReady() says no.
            waiting = true;
            if (!in.isReady()) {
                return;
            }
            waiting = false;
            byte[] buffer = mode == Mode.PUBLISH ? new byte[CHUNK] : scratch != null ? scratch : new byte[CHUNK];
            int n = in.read(buffer);
            if (n < 0) {
                eof = true;
                continue;
            }
            if (mode == Mode.PUBLISH) {
                demand.decrementAndGet();
                subscriber.onNext(ByteBuffer.wrap(buffer, 0, n));
            } else {
                scratch = buffer;
                scan(buffer, n);
            }
        }
    }

    private void scan(byte[] buffer, int n) throws IOException, MultipartScanner.MalformedException {
        MultipartScanner found = scanner;
        found.feed(buffer, 0, n);
        if (mode == Mode.SPOOL) {
            write(buffer, n);
            return;
        }
        append(buffer, n);
        String model = found.value();
        if (model != null && !found.fileFirst()) {
            boolean whole = in.isFinished() || declaredLength >= 0 && headLength >= declaredLength;
            mode = whole ? Mode.DONE : Mode.PAUSED;
            ready(whole ? inMemoryBody() : streamedBody(found, found.valueStart(), found.valueEnd()), model);
        } else if (found.fileFirst() || headLength >= HEAD_LIMIT) {
            startSpool();
        }
    }

    private void end() throws MultipartScanner.MalformedException, IOException {
        switch (mode) {
            case HEAD, SPOOL -> {
                MultipartScanner found = scanner;
                if (!found.done()) {
                    throw new MultipartScanner.MalformedException("the form ends before its closing boundary");
                }
                String model = found.value();
                if (model == null || model.isEmpty()) {
                    fail(new MissingModelException());
                    return;
                }
                boolean spooling = mode == Mode.SPOOL;
                mode = Mode.DONE;
                ready(spooling ? spooledBody() : inMemoryBody(), model);
            }
            case PUBLISH -> {
                mode = Mode.DONE;
                subscriber.onComplete();
            }
            default -> {
                // PAUSED: the subscriber will find the end when it comes.
            }
        }
    }

    private void ready(ProxyBody body, String model) {
        Listener heard = listener;
        if (heard != null) {
            heard.ready(body, model);
        }
    }

    private void fail(Throwable error) {
        Mode was = mode;
        if (was == Mode.DONE) {
            return;
        }
        mode = Mode.DONE;
        deleteSpool();
        Flow.Subscriber<? super ByteBuffer> sink = subscriber;
        if ((was == Mode.HEAD || was == Mode.SPOOL) && listener != null) {
            listener.failed(error);
        } else if (sink != null) {
            sink.onError(error);
        } else {
            // Paused before the upstream subscribed: it hears the failure when it does.
            pendingError = error;
        }
    }

    /** Released: stop, and drop what is spooled unless a spooled body still owns it. */
    private void finish() {
        Mode was = mode;
        mode = Mode.DONE;
        if (was == Mode.SPOOL) {
            deleteSpool();
        }
    }

    private void append(byte[] buffer, int n) {
        if (headLength + n > head.length) {
            head = Arrays.copyOf(head, Math.max(head.length * 2, headLength + n));
        }
        System.arraycopy(buffer, 0, head, headLength, n);
        headLength += n;
    }

    private void startSpool() throws IOException {
        Path file = Files.createTempFile("ditto-upload-", ".part");
        spoolFile = file;
        spool = FileChannel.open(file, StandardOpenOption.WRITE);
        mode = Mode.SPOOL;
        write(head, headLength);
        head = new byte[0];
        headLength = 0;
        LOG.debug("event=upload_spooled file={} reason=file_before_model", file);
    }

    private void write(byte[] buffer, int n) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
        while (bytes.hasRemaining()) {
            spool.write(bytes);
        }
        spooled += n;
    }

    private void deleteSpool() {
        FileChannel channel = spool;
        spool = null;
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            LOG.debug("event=spool_close_failed error=\"{}\"", e.toString());
        }
        delete(spoolFile);
        spoolFile = null;
    }

    private static void delete(@Nullable Path file) {
        if (file != null) {
            SpooledUpload.delete(file);
        }
    }

    private ProxyBody inMemoryBody() {
        MultipartScanner found = scanner;
        byte[] bytes = Arrays.copyOf(head, headLength);
        int from = (int) found.valueStart();
        int to = (int) found.valueEnd();
        head = new byte[0];
        return new ProxyBody() {
            @Override
            public HttpRequest.BodyPublisher publisher(@Nullable String upstreamModel) {
                return HttpRequest.BodyPublishers.ofByteArray(ProxyBody.splice(bytes, bytes.length, from, to,
                        upstreamModel));
            }

            @Override
            public boolean replayable() {
                return true;
            }
        };
    }

    private ProxyBody spooledBody() throws IOException {
        FileChannel channel = spool;
        spool = null;
        channel.close();
        Path file = spoolFile;
        spoolFile = null;
        return new SpooledUpload(file, spooled, scanner.valueStart(), scanner.valueEnd());
    }

    /** The head read so far, the model spliced in, then the rest as the upstream asks for it. */
    private ProxyBody streamedBody(@Nullable MultipartScanner found, long from, long to) {
        byte[] bytes = Arrays.copyOf(head, headLength);
        head = new byte[0];
        long rest = declaredLength < 0 ? -1 : declaredLength - bytes.length;
        return new ProxyBody() {
            @Override
            public HttpRequest.BodyPublisher publisher(@Nullable String upstreamModel) {
                if (!sent.compareAndSet(false, true)) {
                    throw new IllegalStateException("a streamed upload can be sent once");
                }
                HttpRequest.BodyPublisher live = rest < 0 ? HttpRequest.BodyPublishers.fromPublisher(UploadReader.this)
                        : rest == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.fromPublisher(UploadReader.this, rest);
                if (bytes.length == 0) {
                    return live;
                }
                byte[] first = found == null ? bytes
                        : ProxyBody.splice(bytes, bytes.length, (int) from, (int) to, upstreamModel);
                return HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(first), live);
            }

            @Override
            public boolean replayable() {
                return false;
            }

            @Override
            public void release() {
                UploadReader.this.release();
            }

            @Override
            public @Nullable Throwable clientFailure() {
                return clientFailure;
            }
        };
    }

    /** A form without a {@code model} field. */
    static final class MissingModelException extends Exception {

        private static final long serialVersionUID = 1L;

        MissingModelException() {
            super("the form has no 'model' field", null, false, false);
        }
    }
}
