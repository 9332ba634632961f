package dev.ditto.sdk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.sdk.UnexpectedResponseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseParserTest {

    private static final Path FIXTURES = Path.of(System.getProperty("ditto.fixtures.dir", "../shared/fixtures/recorded"));

    private final List<SseEvent> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final SseParser.Listener listener = new SseParser.Listener() {
        @Override
        public void onEvent(SseEvent event) {
            events.add(event);
        }

        @Override
        public void onComment(String comment) {
            comments.add(comment);
        }
    };

    private List<SseEvent> parseWhole(SseParser parser, String text) {
        parser.feed(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), listener);
        parser.finish(listener);
        return events;
    }

    private List<SseEvent> parseInChunks(byte[] bytes, int chunkSize) {
        SseParser parser = SseParser.ofDefaults();
        for (int i = 0; i < bytes.length; i += chunkSize) {
            parser.feed(ByteBuffer.wrap(bytes, i, Math.min(chunkSize, bytes.length - i)), listener);
        }
        parser.finish(listener);
        return events;
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void splitsEventsOnEveryLineEnding(String eol) {
        String stream = "event: a" + eol + "data: one" + eol + eol + "data: two" + eol + eol;

        assertThat(parseWhole(SseParser.ofDefaults(), stream))
                .containsExactly(SseEvent.of("a", "one"), SseEvent.of("two"));
    }

    @Test
    void treatsCrLfSplitAcrossChunksAsOneLineEnding() {
        SseParser parser = SseParser.ofDefaults();
        parser.feed(ByteBuffer.wrap("data: x\r".getBytes(StandardCharsets.UTF_8)), listener);
        parser.feed(ByteBuffer.wrap("\n\r".getBytes(StandardCharsets.UTF_8)), listener);
        parser.feed(ByteBuffer.wrap("\ndata: y\n\n".getBytes(StandardCharsets.UTF_8)), listener);

        // A second blank line would be an empty event; the \r\n pairs must count once each.
        assertThat(events).containsExactly(SseEvent.of("x"), SseEvent.of("y"));
    }

    @Test
    void joinsMultiLineDataWithNewlines() {
        assertThat(parseWhole(SseParser.ofDefaults(), "data: {\ndata:  \"a\": 1\ndata: }\n\n"))
                .containsExactly(SseEvent.of("{\n \"a\": 1\n}"));
    }

    @Test
    void reportsCommentsAndSkipsThemAsData() {
        List<SseEvent> parsed = parseWhole(SseParser.ofDefaults(), ": ping\ndata: x\n:keep-alive\n\n");

        assertThat(parsed).containsExactly(SseEvent.of("x"));
        assertThat(comments).containsExactly("ping", "keep-alive");
    }

    @Test
    void followsTheStandardForIdRetryEmptyDataAndUnknownFields() {
        String stream = "id: 7\nretry: 1500\nfoo: bar\ndata\n\n" + "event: only-type\n\n" + "data: next\n\n";

        assertThat(parseWhole(SseParser.ofDefaults(), stream)).containsExactly(
                new SseEvent(null, "", "7", 1500L),
                // The id persists; an event without data lines is not dispatched.
                new SseEvent(null, "next", "7", null));
    }

    @Test
    void skipsByteOrderMarkAtStreamStart() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "data: x\n\n".getBytes(StandardCharsets.UTF_8);
        byte[] stream = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, stream, 0, bom.length);
        System.arraycopy(body, 0, stream, bom.length, body.length);

        assertThat(parseInChunks(stream, 1)).containsExactly(SseEvent.of("x"));
    }

    @Test
    void decodesUtf8CharactersSplitAcrossChunks() {
        byte[] stream = "data: héllo 🌍\n\n".getBytes(StandardCharsets.UTF_8);

        assertThat(parseInChunks(stream, 1)).containsExactly(SseEvent.of("héllo 🌍"));
    }

    @Test
    void dispatchesALastEventThatLacksItsBlankLine() {
        assertThat(parseWhole(SseParser.ofDefaults(), "data: a\n\ndata: {\"trunc")).containsExactly(
                SseEvent.of("a"), SseEvent.of("{\"trunc"));
    }

    @Test
    void rejectsALineOverTheCap() {
        SseParser parser = SseParser.of(16, 64);

        assertThatThrownBy(() -> parser.feed(ByteBuffer.wrap("data: 0123456789abcdef\n\n".getBytes(StandardCharsets.UTF_8)), listener))
                .isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("SSE line exceeds 16 bytes");
    }

    @Test
    void acceptsALineExactlyAtTheCap() {
        assertThat(parseWhole(SseParser.of(16, 64), "data: 0123456789\n\n")).containsExactly(SseEvent.of("0123456789"));
    }

    @Test
    void rejectsAnEventOverTheCapEvenWhenEachLineFits() {
        SseParser parser = SseParser.of(16, 20);
        String stream = "data: 12345678\ndata: 12345678\ndata: 12345678\n\n";

        assertThatThrownBy(() -> parser.feed(ByteBuffer.wrap(stream.getBytes(StandardCharsets.UTF_8)), listener))
                .isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("SSE event data exceeds 20 bytes");
    }

    @Test
    void resetsTheEventCapForEachEvent() {
        String stream = "data: 12345678\n\n".repeat(10);

        assertThat(parseWhole(SseParser.of(16, 20), stream)).hasSize(10);
    }

    @Test
    void rejectsContradictoryCaps() {
        assertThatThrownBy(() -> SseParser.of(64, 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxLineBytes 64 must not exceed maxEventBytes 32");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64, 4096})
    void parsesTheRecordedAnthropicFallbackStreamAtAnyChunkSize(int chunkSize) throws IOException {
        byte[] fixture = Files.readAllBytes(FIXTURES.resolve("openai-compatible-chat/anthropic-fallback-tool-call.sse"));

        List<SseEvent> parsed = parseInChunks(fixture, chunkSize);

        assertThat(parsed).hasSize(9);
        assertThat(parsed).allMatch(event -> event.event() == null);
        assertThat(parsed.get(8).isDone()).isTrue();
        List<JsonNode> chunks = parsed.subList(0, 8).stream().map(SseParserTest::json).toList();
        assertThat(chunks).allMatch(chunk -> chunk.path("model").asText().equals("claude-haiku-4-5-20251001"));
        String text = chunks.stream().map(c -> c.at("/choices/0/delta/content").asText("")).collect(Collectors.joining());
        assertThat(text).isEqualTo("Reading it.");
        String arguments = chunks.stream()
                .map(c -> c.at("/choices/0/delta/tool_calls/0/function/arguments").asText(""))
                .collect(Collectors.joining());
        assertThat(json(arguments).path("path").asText()).isEqualTo("a.txt");
        assertThat(chunks.get(3).at("/choices/0/delta/tool_calls/0/function/name").asText()).isEqualTo("read_file");
        assertThat(chunks.get(7).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void parsesTheSameEventsWhateverTheChunking() throws IOException {
        byte[] fixture = Files.readAllBytes(FIXTURES.resolve("openai-compatible-chat/anthropic-fallback-tool-call.sse"));
        List<SseEvent> whole = new ArrayList<>(parseInChunks(fixture, fixture.length));

        for (int size : IntStream.rangeClosed(1, 40).toArray()) {
            events.clear();
            assertThat(parseInChunks(fixture, size)).as("chunk size %d", size).isEqualTo(whole);
        }
    }

    private static JsonNode json(SseEvent event) {
        return json(event.data());
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
