package dev.ditto.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.message.TextPart;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LanguageModelTest {

    /** A model whose asynchronous call returns a future the test controls. */
    private static final class FakeModel implements LanguageModel {
        final AtomicReference<LanguageModelRequest> lastRequest = new AtomicReference<>();
        final CompletableFuture<LanguageModelResult> future = new CompletableFuture<>();

        @Override
        public String provider() {
            return "fake";
        }

        @Override
        public String modelId() {
            return "fake-1";
        }

        @Override
        public CompletableFuture<LanguageModelResult> generateAsync(LanguageModelRequest request) {
            lastRequest.set(request);
            return future;
        }

        @Override
        public Flow.Publisher<StreamPart> stream(LanguageModelRequest request) {
            lastRequest.set(request);
            return subscriber -> { };
        }
    }

    @Test
    void generateFromAPromptSendsOneUserMessageAndWaitsForTheResult() {
        FakeModel model = new FakeModel();
        LanguageModelResult expected = LanguageModelResult.builder().addContent(TextPart.of("Paris"))
                .finishReason(FinishReason.STOP, "stop").build();
        model.future.complete(expected);

        LanguageModelResult result = model.generate("Capital of France?");

        assertThat(result).isSameAs(expected);
        assertThat(model.lastRequest.get().messages()).containsExactly(Message.user("Capital of France?"));
    }

    @Test
    void streamFromAPromptSendsOneUserMessage() {
        FakeModel model = new FakeModel();

        model.stream("hi");

        assertThat(model.lastRequest.get().messages()).containsExactly(Message.user("hi"));
    }

    @Test
    void generateRethrowsTheCallsSdkExceptionUnwrapped() {
        FakeModel model = new FakeModel();
        RateLimitedException limited = new RateLimitedException("HTTP 429", ErrorDetails.of("fake", "fake-1"));
        model.future.completeExceptionally(limited);

        assertThatThrownBy(() -> model.generate("hi")).isSameAs(limited);
    }

    @Test
    void generateCancelsTheCallAndKeepsTheInterruptFlagWhenInterrupted() {
        FakeModel model = new FakeModel();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> model.generate("hi"))
                    .isInstanceOf(RequestInterruptedException.class)
                    .hasMessageContaining("provider=fake, model=fake-1");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(model.future).isCancelled();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void embedOfOneTextReturnsItsVector() {
        EmbeddingModel model = new EmbeddingModel() {
            @Override
            public String provider() {
                return "fake";
            }

            @Override
            public String modelId() {
                return "embed-1";
            }

            @Override
            public CompletableFuture<EmbeddingResult> embedAsync(EmbeddingRequest request) {
                EmbeddingResult.Builder result = EmbeddingResult.builder();
                List<String> inputs = request.inputs();
                for (int i = inputs.size() - 1; i >= 0; i--) {
                    result.addEmbedding(Embedding.of(i, new float[] {inputs.get(i).length(), i}));
                }
                return CompletableFuture.completedFuture(result.build());
            }
        };

        assertThat(model.embed("four").vector()).containsExactly(4f, 0f);
        assertThat(model.embed(List.of("a", "bb")).embeddings()).extracting(e -> e.get(0)).containsExactly(1f, 2f);
    }
}
