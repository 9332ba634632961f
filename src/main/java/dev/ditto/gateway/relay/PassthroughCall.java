package dev.ditto.gateway.relay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.config.ModelDeployment;
import dev.ditto.provider.openai.OpenAiUpstream;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.http.HttpTransport;
import dev.ditto.sdk.http.SseEvent;
import dev.ditto.sdk.http.TransportRequest;
import dev.ditto.sdk.http.TransportResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Attempts that forward an OpenAI client's request as it is to a deployment that speaks the same
 * API (passthrough): the client's JSON with only {@code model} replaced by the deployment's
 * model id (and, for a stream whose client did not ask for usage, {@code stream_options.
 * include_usage} added), sent with the deployment's URL, headers and transport. The answer is
 * relayed as it arrives: a JSON body unchanged, or the upstream's events one by one; usage is
 * read on the way from the few bodies and events that carry it.
 *
 * <p>Immutable; one per client request, shared by its attempts.
 */
final class PassthroughCall implements RelayExchange.Caller {

    private final OpenAiRoute route;
    private final byte[] body;
    private final boolean stream;
    private final boolean clientAskedUsage;

    /**
     * Creates the call.
     *
     * @param route the OpenAI route the client called
     * @param body the client's JSON bytes, not to be modified by anyone else
     * @param stream whether the client asked for a stream
     * @param clientAskedUsage whether the client asked for the usage chunk itself
     */
    PassthroughCall(OpenAiRoute route, byte[] body, boolean stream, boolean clientAskedUsage) {
        this.route = route;
        this.body = body;
        this.stream = stream;
        this.clientAskedUsage = clientAskedUsage;
    }

    @Override
    public RelayExchange.@Nullable Attempt prepare(RelayExchange exchange, ModelDeployment deployment) {
        OpenAiUpstream upstream = exchange.routes().passthrough(deployment, route).orElse(null);
        if (upstream == null) {
            return null;
        }
        boolean addUsage = stream && route.hasUsageChunk() && !clientAskedUsage && upstream.acceptsStreamUsageOption();
        String modelId = deployment.litellmParams().model();
        TransportRequest request = upstream.request(route.path(), null, modelId)
                .header("content-type", "application/json")
                .body(PassthroughBody.rewrite(body, modelId, addUsage, exchange.json()))
                .build();
        HttpTransport transport = upstream.transport();
        return calledAt -> {
            if (stream) {
                EventRelay relay = new EventRelay(exchange, deployment, calledAt, upstream, addUsage);
                exchange.relay(relay, transport.stream(request, relay::upstreamHeaders));
            } else {
                exchange.await(deployment, calledAt, transport.send(request),
                        response -> answer(exchange, upstream, response));
            }
        };
    }

    private static RelayExchange.Answer answer(RelayExchange exchange, OpenAiUpstream upstream,
            TransportResponse response) {
        byte[] bytes;
        try {
            bytes = response.bodyStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading a body held in memory", e);
        }
        JsonNode usage = PassthroughWire.bodyUsage(bytes, exchange.json());
        return new RelayExchange.Answer(bytes, usage == null ? Usage.empty() : upstream.usage(usage),
                PassthroughWire.relayedHeaders(response.headers()));
    }

    /**
     * Relays the upstream's events as they come, each written and flushed on its own. The answer
     * starts with the first event, so only a failure before it (an error status, a refused
     * connection, a timeout) can still be retried or fall back.
     */
    private final class EventRelay extends StreamRelay<SseEvent> {

        private final OpenAiUpstream upstream;
        private final boolean dropUsageChunk;
        private volatile Map<String, String> headers = Map.of();
        private @Nullable Usage usage;
        private @Nullable String lastId;

        EventRelay(RelayExchange exchange, ModelDeployment deployment, long calledAt, OpenAiUpstream upstream,
                boolean dropUsageChunk) {
            super(exchange, deployment, calledAt);
            this.upstream = upstream;
            this.dropUsageChunk = dropUsageChunk;
        }

        void upstreamHeaders(HttpHeaders received) {
            headers = PassthroughWire.relayedHeaders(received);
        }

        @Override
        void accept(SseEvent event) {
            if (!committed()) {
                commit(headers);
            }
            if (!readUsage(event)) {
                write(SseBytes.relayed(event, lastId));
                lastId = event.id();
            }
            request();
        }

        /** Reads usage off an event that carries it; true for the usage chunk that only the gateway asked for. */
        private boolean readUsage(SseEvent event) {
            JsonNode tree = PassthroughWire.usageCarrier(event.data(), exchange.json());
            if (tree == null) {
                return false;
            }
            JsonNode node = route == OpenAiRoute.RESPONSES ? tree.path("response").path("usage") : tree.path("usage");
            if (!node.isObject()) {
                return false;
            }
            usage = upstream.usage(node);
            return dropUsageChunk && tree.path("choices").isArray() && tree.path("choices").isEmpty();
        }

        @Override
        void finish() {
            end(null, usage);
        }

        @Override
        void failAfterStart(SdkException failure) {
            write(PassthroughWire.streamError(route, exchange.format().encodeError(failure).body(), exchange.json()));
            end(failure, usage);
        }
    }
}
