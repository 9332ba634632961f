package dev.ditto.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ReplyTest {

    private static final String CHAT = "openai-chat/openai-text.chunks.txt";

    @Test
    void jsonReplyIsOneEvent() {
        Reply reply = Reply.json(400, "{\"error\":{}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.eventCount()).isEqualTo(1);
        assertThat(new String(reply.bodyBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":{}}");
    }

    @Test
    void doneMarkerCountsAsAnEvent() {
        assertThat(Reply.fixture(CHAT).eventCount()).isEqualTo(Fixtures.payloads(CHAT).size() + 1);
    }

    @Test
    void toBuilderKeepsEverythingAndDerivesAVariant() {
        Reply base = Reply.fixture(CHAT).toBuilder().status(201).header("x-request-id", "r1").build();

        Reply cut = base.toBuilder().cutAfterEvents(2).build();

        assertThat(cut.status()).isEqualTo(201);
        assertThat(cut.headers()).containsExactly(new Reply.Header("x-request-id", "r1"));
        assertThat(cut.bodyBytes()).isEqualTo(base.bodyBytes());
        assertThat(cut.cutAfterEvents()).isEqualTo(2);
        assertThat(base.cutAfterEvents()).isEqualTo(-1);
    }

    @Test
    void rejectsOutOfRangeArgumentsAtOnce() {
        ReplyBuilder builder = Reply.builder();

        assertThatThrownBy(() -> builder.status(99)).hasMessageContaining("99");
        assertThatThrownBy(() -> builder.status(600)).hasMessageContaining("600");
        assertThatThrownBy(() -> builder.delayBetweenEvents(Duration.ofMillis(-1))).hasMessageContaining("PT-0.001S");
        assertThatThrownBy(() -> builder.drip(0, Duration.ZERO)).hasMessageContaining("0");
        assertThatThrownBy(() -> builder.cutAfterEvents(-2)).hasMessageContaining("-2");
        assertThatThrownBy(() -> builder.header(" ", "v")).hasMessageContaining("blank");
    }

    @Test
    void rejectsCutOrGatePastTheLastEvent() {
        int events = Reply.fixture(CHAT).eventCount();

        assertThatThrownBy(() -> Reply.fixture(CHAT).toBuilder().cutAfterEvents(events + 1).build())
                .hasMessageContaining("cutAfterEvents(" + (events + 1) + ")")
                .hasMessageContaining(events + " event(s)");
        assertThatThrownBy(() -> Reply.builder().json("{}").gateBeforeEvent(1, new CompletableFuture<>()).build())
                .hasMessageContaining("gate before event 1");
    }

    @Test
    void rejectsContradictions() {
        assertThatThrownBy(() -> Reply.builder().dropConnection().hang().build())
                .hasMessageContaining("dropConnection");
        assertThatThrownBy(() -> Reply.fixture(CHAT).toBuilder().hang().cutAfterEvents(1).build())
                .hasMessageContaining("cutAfterEvents(1)");
        assertThatThrownBy(() -> Reply.fixture(CHAT).toBuilder().gateBeforeEvent(1, new CompletableFuture<>())
                .gateBeforeEvent(1, new CompletableFuture<>()))
                .hasMessageContaining("already has a gate");
    }

    @Test
    void rejectsFramingThatDoesNotFitTheFile() {
        assertThatThrownBy(() -> Reply.fixture("openai-compatible-chat/anthropic-fallback-tool-call.sse", Framing.DATA_ONLY))
                .hasMessageContaining("use RAW");
        assertThatThrownBy(() -> Reply.fixture("openai-chat/openai-text.json", Framing.DATA_ONLY))
                .hasMessageContaining("*.chunks.txt");
        assertThatThrownBy(() -> Reply.fixture("openai-embedding/openai-embedding.json", Framing.NAMED_EVENTS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
