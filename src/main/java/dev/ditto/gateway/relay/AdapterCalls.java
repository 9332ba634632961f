package dev.ditto.gateway.relay;

import dev.ditto.config.ModelDeployment;
import dev.ditto.sdk.EmbeddingModel;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.LanguageModel;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.http.SseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Attempts through a deployment's adapter (translation): the client's request, decoded into SDK
 * types by its edge format, goes to the deployment's {@link LanguageModel} or
 * {@link EmbeddingModel}, and the result is encoded back in the client's format.
 */
final class AdapterCalls {

    private AdapterCalls() {}

    /** Chat, Responses, Messages and legacy completions: a whole answer, or a stream of parts. */
    static RelayExchange.Caller languageModel(EdgeFormat.Decoded edge) {
        return (exchange, deployment) -> {
            EdgeFormat format = exchange.format();
            LanguageModel model = exchange.routes().model(deployment, format.api());
            return calledAt -> {
                if (edge.stream()) {
                    exchange.relay(new PartRelay(exchange, deployment, calledAt, format.newStreamEncoder(edge)),
                            model.stream(edge.request()));
                } else {
                    exchange.await(deployment, calledAt, model.generateAsync(edge.request()), result ->
                            new RelayExchange.Answer(Answers.bytes(exchange.json(),
                                    format.encodeResult(result, edge.model())), result.usage(), Map.of()));
                }
            };
        };
    }

    /** Embeddings, in OpenAI's shape whatever the provider. */
    static RelayExchange.Caller embeddings(EmbeddingsCodec.Decoded decoded) {
        return (exchange, deployment) -> {
            EmbeddingModel model = exchange.routes().embeddingModel(deployment);
            return calledAt -> exchange.await(deployment, calledAt, model.embedAsync(decoded.request()), result ->
                    new RelayExchange.Answer(Answers.bytes(exchange.json(),
                            EmbeddingsCodec.encode(result, decoded.model(), decoded.base64())), result.usage(), Map.of()));
        };
    }

    /**
     * Relays an adapter's stream. Parts are held back until the first one that carries content,
     * so that an error before it can still be retried; from then on, every part is encoded and
     * written as it arrives.
     */
    private static final class PartRelay extends StreamRelay<StreamPart> {

        private final EdgeFormat.StreamEncoder encoder;
        private final List<StreamPart> held = new ArrayList<>();
        private boolean finished;
        private @Nullable SdkException error;
        private @Nullable Usage usage;

        PartRelay(RelayExchange exchange, ModelDeployment deployment, long calledAt,
                EdgeFormat.StreamEncoder encoder) {
            super(exchange, deployment, calledAt);
            this.encoder = encoder;
        }

        @Override
        void accept(StreamPart part) {
            if (committed()) {
                send(part);
                request();
                return;
            }
            if (part instanceof StreamPart.Error failure) {
                held.clear();
                abandon(failure.error());
                return;
            }
            held.add(part);
            if (!(part instanceof StreamPart.StreamStart || part instanceof StreamPart.TextStart
                    || part instanceof StreamPart.ReasoningStart)) {
                commit(Map.of());
                held.forEach(this::send);
                held.clear();
            }
            request();
        }

        private void send(StreamPart part) {
            if (part instanceof StreamPart.Finish finish) {
                finished = true;
                usage = finish.usage();
            } else if (part instanceof StreamPart.Error failure) {
                error = failure.error();
            }
            for (SseEvent event : encoder.encode(part)) {
                write(SseBytes.of(event));
            }
        }

        @Override
        void finish() {
            for (SseEvent event : encoder.end()) {
                write(SseBytes.of(event));
            }
            end(finished ? null : error != null ? error
                    : new StreamInterruptedException("the upstream stream ended before it finished", ErrorDetails.empty()),
                    usage);
        }

        @Override
        void failAfterStart(SdkException failure) {
            send(new StreamPart.Error(failure));
            finish();
        }
    }
}
