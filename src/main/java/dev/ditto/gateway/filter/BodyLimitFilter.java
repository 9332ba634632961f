package dev.ditto.gateway.filter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.gateway.Gateway;
import dev.ditto.gateway.api.ApiError;
import dev.ditto.gateway.api.ErrorResponses;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Refuses request bodies above the configured limit with 413: at once when the declared
 * {@code Content-Length} is too large, and while reading (blocking or not) when a chunked body
 * grows past it. Multipart uploads (files, audio, image edits), which the passthrough routes
 * stream instead of holding in memory, have their own, larger limit.
 *
 * <p>A body refused, on its declared length or once a chunked body passed the limit, and a body
 * left unread by any other answer (a 401 or a 403 given before the body was read), is then
 * read and thrown away, without a thread, for
 * up to {@link #DRAIN_TIME_MILLIS} ms before the connection closes, as nginx's lingering close
 * does. Many clients (Python's http.client, httpx and so the openai SDK) send the whole body
 * before they read the answer: closing with the body unread would reset the connection under
 * them, and they would report a broken pipe (and retry) instead of the 413. A client that sent
 * {@code Expect: 100-continue} has not sent the body and will not, so its connection is simply
 * closed after the answer.
 */
public final class BodyLimitFilter extends HttpFilter {

    private static final String MULTIPART = "multipart/";
    /** How long a refused body is drained before the connection is closed under the rest. */
    static final long DRAIN_TIME_MILLIS = 10_000;
    private static final int DRAIN_BUFFER = 16 * 1024;

    private long jsonLimit;
    private long uploadLimit;
    private ObjectMapper json = new ObjectMapper();

    @Override
    public void init(FilterConfig config) {
        Gateway gateway = Gateway.from(config.getServletContext());
        this.jsonLimit = gateway.settings().maxRequestBodyBytes();
        this.uploadLimit = gateway.settings().maxUploadBytes();
        this.json = gateway.json();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String type = request.getContentType();
        long limit = type != null && type.regionMatches(true, 0, MULTIPART, 0, MULTIPART.length())
                ? uploadLimit : jsonLimit;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            refuse(request, response, tooLarge(limit));
            return;
        }
        LimitedRequest limited = new LimitedRequest(request, limit);
        chain.doFilter(limited, response);
        if (request.isAsyncStarted()) {
            return;
        }
        if (limited.exceeded()) {
            // A chunked body grew past the limit while a servlet read it, and the servlet answered
            // 413: drain the rest too, so that a client still sending it can read the answer.
            if (!response.isCommitted()) {
                response.setHeader("Connection", "close");
            }
            drain(request, response);
        } else if (declaresBody(request) && !limited.bodyRead(declared)) {
            // Answered before the body was read to its end (a 401 or 403 before the admin API or a
            // relay reads it, a 415): left unread, the body makes the container close the
            // connection after an answer that did not say so, possibly once the client has taken
            // the connection for its next request, which then fails with no answer at all.
            try {
                drain(request, response);
            } catch (IllegalStateException readerInUse) {
                // Part of the body was read as characters (getReader): the container deals with the rest.
            }
        }
    }

    private static boolean declaresBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /** The request whose body stream stops at the limit. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private @Nullable LimitedInputStream limited;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                limited = new LimitedInputStream(super.getInputStream(), limit);
            }
            return limited;
        }

        boolean exceeded() {
            return limited != null && limited.exceeded();
        }

        /** Returns whether the servlet read the body to its end: every declared byte, or the end of a chunked one. */
        boolean bodyRead(long declared) {
            return limited != null && limited.readToEnd(declared);
        }
    }

    /**
     * Answers 413 at once, in the route's own error shape, then drains the body the client is
     * still sending so that it can read the answer.
     */
    private void refuse(HttpServletRequest request, HttpServletResponse response, ApiError error) throws IOException {
        response.setHeader("Connection", "close");
        ObjectNode body = TenantAuthFilter.route(request).startsWith("/v1/messages") ? error.toAnthropicJson(json)
                : error.toJson(json);
        ErrorResponses.write(error.status(), body, json, response);
        drain(request, response);
    }

    /**
     * Sends the answer already written, then reads the request's body to its end (for at most
     * {@value #DRAIN_TIME_MILLIS} ms) and throws it away, without a thread, before the request
     * completes. For a request refused before its body was read: a client that sends the whole
     * body before reading can then read the answer, and the connection, with nothing left unread
     * on it, stays usable for the next request instead of being closed under the client.
     *
     * @param request the refused request; nothing of its body read yet
     * @param response its answer, written
     * @throws IOException if the answer cannot be sent
     */
    static void drain(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.flushBuffer();
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect")) || !request.isAsyncSupported()) {
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(DRAIN_TIME_MILLIS);
        Drain drain = new Drain(request.getInputStream(), async);
        async.addListener(drain);
        request.getInputStream().setReadListener(drain);
    }

    /** Reads a refused body to its end, or until the drain time is up, and throws it away. */
    private static final class Drain implements ReadListener, AsyncListener {
        private final ServletInputStream input;
        private final AsyncContext async;
        private final byte[] scratch = new byte[DRAIN_BUFFER];
        private boolean completed;

        Drain(ServletInputStream input, AsyncContext async) {
            this.input = input;
            this.async = async;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (input.isReady() && !input.isFinished()) {
                if (input.read(scratch) < 0) {
                    break;
                }
            }
            if (input.isFinished()) {
                complete();
            }
        }

        @Override
        public void onAllDataRead() {
            complete();
        }

        @Override
        public void onError(Throwable failure) {
            complete();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            complete();
        }

        @Override
        public void onError(AsyncEvent event) {
            complete();
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }

        private synchronized void complete() {
            if (!completed) {
                completed = true;
                async.complete();
            }
        }
    }

    /**
     * Returns the error for a body above the limit.
     *
     * @param limit the limit in bytes
     * @return the 413 error
     */
    public static ApiError tooLarge(long limit) {
        return ApiError.invalidRequest(413, "request_too_large", "Request body too large: the limit is " + limit
                + " bytes (ditto.max_request_body; ditto.max_upload_body for multipart uploads).", null);
    }
}
