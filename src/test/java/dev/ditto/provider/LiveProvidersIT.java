package dev.ditto.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.sdk.LanguageModel;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.StreamPart;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Optional checks against the real provider APIs, each run only when its key is set (never in
 * CI here, where the providers cannot be reached). They make one small call and one small
 * stream per provider.
 */
class LiveProvidersIT {

    private static final String PROMPT = "Answer with the single word: pong";

    private final ProviderRegistry registry = ProviderRegistry.ofSystemEnvironment();

    @AfterEach
    void close() {
        registry.close();
    }

    private static void check(LanguageModel model) throws InterruptedException {
        LanguageModelResult result = model.generate(PROMPT);
        assertThat(result.text().toLowerCase()).contains("pong");
        assertThat(result.usage().output().total()).isPositive();

        List<StreamPart> parts = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        model.stream(PROMPT).subscribe(new Flow.Subscriber<StreamPart>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(StreamPart part) {
                parts.add(part);
            }

            @Override
            public void onError(Throwable throwable) {
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(parts).last().isInstanceOf(StreamPart.Finish.class);
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
    void openAi() throws InterruptedException {
        check(registry.languageModel("openai/gpt-4.1-mini"));
        check(registry.responsesModel(ProviderConfig.of("openai"), "gpt-4.1-mini"));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "ANTHROPIC_API_KEY", matches = ".+")
    void anthropic() throws InterruptedException {
        check(registry.languageModel("anthropic/claude-haiku-4-5"));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "GEMINI_API_KEY", matches = ".+")
    void gemini() throws InterruptedException {
        check(registry.languageModel("gemini/gemini-2.5-flash"));
    }
}
