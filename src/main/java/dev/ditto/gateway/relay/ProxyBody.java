package dev.ditto.gateway.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The body a passthrough request sends upstream, made anew for each attempt with the
 * deployment's own model name where the body carries one. A body held whole (JSON, a small form,
 * an upload spooled to disk) can be sent again for a retry or a fallback; an upload streamed from
 * the client as it arrives can be sent once.
 */
interface ProxyBody {

    /** No body: GET and DELETE. */
    ProxyBody NONE = new ProxyBody() {
        @Override
        public HttpRequest.@Nullable BodyPublisher publisher(@Nullable String upstreamModel) {
            return null;
        }

        @Override
        public boolean replayable() {
            return true;
        }
    };

    /**
     * Returns the body of the next attempt.
     *
     * @param upstreamModel the model to put in the body in place of the client's, or null to
     *     send it as it came
     * @return the publisher, or null for no body
     * @throws IllegalStateException if the body cannot be sent again
     */
    HttpRequest.@Nullable BodyPublisher publisher(@Nullable String upstreamModel);

    /** Whether {@link #publisher} may be called more than once: retries and fallbacks need it. */
    boolean replayable();

    /** Frees what the body holds (a spool file, the client's unread upload); called once the request has ended. */
    default void release() {
    }

    /**
     * Returns why the client's side of a body still arriving failed (too large, the client went
     * away): a failed exchange is then the client's doing, not the upstream's.
     *
     * @return the failure, or null
     */
    default @Nullable Throwable clientFailure() {
        return null;
    }

    /**
     * Returns a body of fixed bytes, sent as they are.
     *
     * @param bytes the body
     * @return the body
     */
    static ProxyBody of(byte[] bytes) {
        return new ProxyBody() {
            @Override
            public HttpRequest.BodyPublisher publisher(@Nullable String upstreamModel) {
                return HttpRequest.BodyPublishers.ofByteArray(bytes);
            }

            @Override
            public boolean replayable() {
                return true;
            }
        };
    }

    /**
     * Returns a JSON body whose {@code model} is replaced by each attempt's.
     *
     * @param body the client's JSON
     * @param json the mapper
     * @return the body
     */
    static ProxyBody json(ObjectNode body, ObjectMapper json) {
        return new ProxyBody() {
            @Override
            public HttpRequest.BodyPublisher publisher(@Nullable String upstreamModel) {
                ObjectNode sent = body;
                if (upstreamModel != null) {
                    sent = body.deepCopy();
                    sent.put("model", upstreamModel);
                }
                return HttpRequest.BodyPublishers.ofByteArray(Answers.bytes(json, sent));
            }

            @Override
            public boolean replayable() {
                return true;
            }
        };
    }

    /**
     * Returns bytes with a range replaced by a model name: a form's {@code model} field.
     *
     * @param bytes the bytes
     * @param length how many of them count
     * @param from where the replaced range starts
     * @param to where it ends, exclusive
     * @param model the model, or null to keep the range
     * @return the new bytes
     */
    static byte[] splice(byte[] bytes, int length, int from, int to, @Nullable String model) {
        if (model == null) {
            return java.util.Arrays.copyOf(bytes, length);
        }
        byte[] value = model.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length - (to - from) + value.length];
        System.arraycopy(bytes, 0, out, 0, from);
        System.arraycopy(value, 0, out, from, value.length);
        System.arraycopy(bytes, to, out, from + value.length, length - to);
        return out;
    }
}
