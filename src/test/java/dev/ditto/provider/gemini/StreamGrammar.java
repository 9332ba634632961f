package dev.ditto.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.sdk.StreamPart;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The grammar of a well-formed stream, as {@link StreamPart} documents it and as the codecs that
 * re-encode a stream rely on: one start first; text and reasoning blocks opened, fed and closed
 * under one id each; every tool call announced by tool-input start, deltas and end, followed by
 * the tool call whose input is the deltas joined (valid JSON); everything closed before one final
 * finish (or an error instead).
 */
final class StreamGrammar {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamGrammar() {
    }

    /** Asserts a successful stream: ends with a finish part. */
    static void assertWellFormed(List<StreamPart> parts) {
        check(parts, true);
    }

    /** Asserts a failed stream: well-formed up to one final error part. */
    static void assertWellFormedUntilError(List<StreamPart> parts) {
        check(parts, false);
    }

    private static void check(List<StreamPart> parts, boolean success) {
        assertThat(parts).as("parts").isNotEmpty();
        StreamPart last = parts.get(parts.size() - 1);
        if (success) {
            assertThat(parts.get(0)).as("first part of " + parts).isInstanceOf(StreamPart.StreamStart.class);
            assertThat(last).as("last part").isInstanceOf(StreamPart.Finish.class);
        } else {
            assertThat(last).as("last part").isInstanceOf(StreamPart.Error.class);
        }
        Map<String, Class<?>> openBlocks = new HashMap<>();
        Set<String> usedIds = new HashSet<>();
        Map<String, StringBuilder> openInputs = new HashMap<>();
        Map<String, String> inputNames = new HashMap<>();
        String awaitingCall = null;
        boolean started = false;
        for (int i = 0; i < parts.size(); i++) {
            StreamPart part = parts.get(i);
            String where = "part " + i + " " + part;
            if (awaitingCall != null && !(part instanceof StreamPart.ToolCall) && !(part instanceof StreamPart.Error)) {
                fail("a tool call must follow the end of its input " + awaitingCall + " but got " + where);
            }
            if (part instanceof StreamPart.StreamStart) {
                assertThat(started).as("second start: " + where).isFalse();
                started = true;
                continue;
            }
            if (!(part instanceof StreamPart.Error)) {
                assertThat(started).as("a part before the start: " + where).isTrue();
            }
            if (part instanceof StreamPart.TextStart p) {
                open(openBlocks, usedIds, p.id(), StreamPart.TextStart.class, where);
            } else if (part instanceof StreamPart.ReasoningStart p) {
                open(openBlocks, usedIds, p.id(), StreamPart.ReasoningStart.class, where);
            } else if (part instanceof StreamPart.TextDelta p) {
                assertThat(openBlocks.get(p.id())).as("text delta outside its block: " + where)
                        .isEqualTo(StreamPart.TextStart.class);
                assertThat(p.delta()).as("empty text delta: " + where).isNotEmpty();
            } else if (part instanceof StreamPart.ReasoningDelta p) {
                assertThat(openBlocks.get(p.id())).as("reasoning delta outside its block: " + where)
                        .isEqualTo(StreamPart.ReasoningStart.class);
            } else if (part instanceof StreamPart.TextEnd p) {
                assertThat(openBlocks.remove(p.id())).as("text end without start: " + where)
                        .isEqualTo(StreamPart.TextStart.class);
            } else if (part instanceof StreamPart.ReasoningEnd p) {
                assertThat(openBlocks.remove(p.id())).as("reasoning end without start: " + where)
                        .isEqualTo(StreamPart.ReasoningStart.class);
            } else if (part instanceof StreamPart.ToolInputStart p) {
                assertThat(usedIds.add(p.id())).as("reused id: " + where).isTrue();
                assertThat(openInputs).as("tool inputs may not overlap: " + where).isEmpty();
                openInputs.put(p.id(), new StringBuilder());
                inputNames.put(p.id(), p.toolName());
            } else if (part instanceof StreamPart.ToolInputDelta p) {
                assertThat(openInputs).as("tool input delta without start: " + where).containsKey(p.id());
                openInputs.get(p.id()).append(p.delta());
            } else if (part instanceof StreamPart.ToolInputEnd p) {
                assertThat(openInputs).as("tool input end without start: " + where).containsKey(p.id());
                awaitingCall = p.id();
            } else if (part instanceof StreamPart.ToolCall p) {
                assertThat(p.toolCallId()).as("a tool call must end its own input: " + where).isEqualTo(awaitingCall);
                assertThat(p.toolName()).as(where).isEqualTo(inputNames.get(p.toolCallId()));
                assertThat(p.input()).as("tool call input equals its deltas joined: " + where)
                        .isEqualTo(openInputs.remove(p.toolCallId()).toString());
                assertValidJson(p.input(), where);
                awaitingCall = null;
            } else if (part instanceof StreamPart.Finish || part instanceof StreamPart.Error) {
                assertThat(i).as("finish or error must be last: " + where).isEqualTo(parts.size() - 1);
                if (part instanceof StreamPart.Finish) {
                    assertThat(openBlocks).as("blocks left open at the finish").isEmpty();
                    assertThat(openInputs).as("tool inputs left open at the finish").isEmpty();
                }
            }
        }
    }

    private static void open(Map<String, Class<?>> openBlocks, Set<String> usedIds, String id, Class<?> kind,
            String where) {
        assertThat(usedIds.add(id)).as("reused block id: " + where).isTrue();
        openBlocks.put(id, kind);
    }

    private static void assertValidJson(String text, String where) {
        try {
            assertThat(JSON.readTree(text).isObject()).as("tool input is a JSON object: " + where).isTrue();
        } catch (IOException e) {
            fail("tool input is not valid JSON: " + where, e);
        }
    }
}
