package dev.ditto.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FixturesTest {

    @Test
    void findsTheRecordedFolder() {
        assertThat(Fixtures.dir().resolve("anthropic-messages")).isDirectory();
    }

    @Test
    void rejectsPathsOutsideTheFolderAndMissingFiles() {
        assertThatThrownBy(() -> Fixtures.path("../README.md"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaves");
        assertThatThrownBy(() -> Fixtures.path("openai-chat/nope.json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.json");
    }

    @Test
    void payloadsSkipBlankLinesAndKeepOrder() {
        List<String> payloads = Fixtures.payloads("anthropic-messages/anthropic-text.chunks.txt");

        assertThat(payloads).hasSize(12);
        assertThat(payloads.get(0)).startsWith("{\"type\":\"message_start\"");
        assertThat(payloads.get(11)).isEqualTo("{\"type\":\"message_stop\"}");
    }

    @Test
    void payloadsOfARawCaptureAreTheDataOfEachEvent() {
        String capture = "openai-compatible-chat/anthropic-fallback-tool-call.sse";
        List<String> payloads = Fixtures.payloads(capture);

        assertThat(payloads).hasSize(Fixtures.splitEvents(Fixtures.bytes(capture)).size());
        assertThat(payloads.get(0)).startsWith("{\"id\":\"msg_sanitized\"").doesNotContain("data:");
        assertThat(payloads.get(payloads.size() - 1)).isEqualTo("[DONE]");
    }

    @ParameterizedTest
    @CsvSource({
        "anthropic-messages/anthropic-text.chunks.txt, NAMED_EVENTS",
        "openai-responses/openai-error.1.chunks.txt, NAMED_EVENTS",
        "cohere-chat/cohere-text.chunks.txt, NAMED_EVENTS",
        "groq-chat/any.chunks.txt, DATA_THEN_DONE",
        "openai-completion/openai-completion-text.chunks.txt, DATA_THEN_DONE",
        "google-gemini/google-text.chunks.txt, DATA_ONLY",
        "openai-compatible-chat/anthropic-fallback-tool-call.sse, RAW"})
    void defaultFramingFollowsTheFolder(String fixture, Framing expected) {
        assertThat(Fixtures.defaultFraming(fixture)).isEqualTo(expected);
    }

    @Test
    void foldersWithoutStreamsHaveNoDefaultFraming() {
        assertThatThrownBy(() -> Fixtures.defaultFraming("openai-embedding/x.chunks.txt"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openai-embedding");
    }

    @Test
    void eventTypeReadsTopLevelTypeOnly() {
        assertThat(Fixtures.eventType("{\"id\":\"x\",\"delta\":{\"type\":\"inner\"},\"type\":\"message-start\"}"))
                .isEqualTo("message-start");
    }

    @Test
    void eventTypeToleratesMalformedJsonAfterTheType() {
        assertThat(Fixtures.eventType("{\"type\":\"response.created\",\"response\":{\"a\":1\n")).isEqualTo("response.created");
    }

    @Test
    void eventTypeRejectsPayloadWithoutType() {
        assertThatThrownBy(() -> Fixtures.eventType("{\"choices\":[]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("choices");
        assertThatThrownBy(() -> Fixtures.eventType("[DONE]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitEventsCutsAfterBlankLinesAndLosesNoByte() {
        byte[] raw = "data: a\n\nevent: b\r\ndata: b\r\n\r\n: note\n\ndata: tail\n".getBytes(StandardCharsets.UTF_8);

        List<byte[]> events = Fixtures.splitEvents(raw);

        assertThat(events).extracting(e -> new String(e, StandardCharsets.UTF_8))
                .containsExactly("data: a\n\n", "event: b\r\ndata: b\r\n\r\n", ": note\n\n", "data: tail\n");
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        events.forEach(joined::writeBytes);
        assertThat(joined.toByteArray()).isEqualTo(raw);
    }

    @Test
    void framingSplitsMultiLinePayloadsIntoDataLines() {
        assertThat(Framing.DATA_ONLY.frame(List.of("a\nb"))).containsExactly("data: a\ndata: b\n\n");
        assertThat(Framing.DATA_THEN_DONE.frame(List.of())).containsExactly(Framing.DONE_EVENT);
    }
}
