package dev.ditto.provider.echo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelRequestBuilder;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.message.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class EchoLanguageModelTest {

    private final EchoLanguageModel echo = new EchoLanguageModel("echo");

    private static LanguageModelRequest request(Integer maxTokens) {
        LanguageModelRequestBuilder builder = LanguageModelRequest.builder()
                .message(Message.system("be brief"))
                .message(Message.user("first"))
                .message(Message.user("say it back"));
        if (maxTokens != null) {
            builder.maxOutputTokens(maxTokens);
        }
        return builder.build();
    }

    @Test
    void generatesTheLastUserMessageWithWordUsage() {
        LanguageModelResult result = echo.generate(request(null));

        assertThat(result.text()).isEqualTo("say it back");
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.usage().input().total()).isEqualTo(2 + 1 + 3);
        assertThat(result.usage().output().total()).isEqualTo(3);
    }

    @Test
    void streamsAWellFormedSequenceWordByWord() {
        List<StreamPart> parts = new ArrayList<>();
        echo.stream(request(2)).subscribe(new Flow.Subscriber<StreamPart>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(StreamPart part) {
                parts.add(part);
            }

            @Override
            public void onError(Throwable throwable) {}

            @Override
            public void onComplete() {}
        });

        assertThat(parts).first().isInstanceOf(StreamPart.StreamStart.class);
        assertThat(parts).filteredOn(StreamPart.TextDelta.class::isInstance)
                .extracting(p -> ((StreamPart.TextDelta) p).delta()).containsExactly("say", " it");
        assertThat(parts).last().isInstanceOfSatisfying(StreamPart.Finish.class, finish -> {
            assertThat(finish.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(finish.usage().output().total()).isEqualTo(2);
        });
    }
}
