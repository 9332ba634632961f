package dev.ditto.provider.gemini;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.provider.gemini.GeminiWire.PartialArg;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.UnexpectedResponseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes the JSON text of a function call's arguments as Vertex streams them: one value at a
 * JSON path at a time ({@code $.operations[0].price = 0.5}), a string possibly spread over
 * several pieces while {@code willContinue} is set. Each piece returns the text it adds, so the
 * pieces concatenated are the final arguments and can be streamed as tool-input deltas.
 *
 * <p>The model writes its arguments front to back, so the paths arrive in document order: a new
 * path may only add the next key of an open object or the next index of an open array. A path
 * that reopens a finished container or skips an index cannot be written incrementally and is
 * reported as a malformed stream. Not thread-safe; one instance per call.
 */
final class PartialArgsWriter {

    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    private final ErrorDetails details;
    private final StringBuilder text = new StringBuilder();
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private @Nullable List<Object> openString;
    private boolean started;

    /** An open object or array, and how it was reached from its parent. */
    private static final class Frame {
        private final @Nullable Object segment;
        private final boolean array;
        private final Set<String> keys = new HashSet<>();
        private int nextIndex;
        private boolean empty = true;

        private Frame(@Nullable Object segment, boolean array) {
            this.segment = segment;
            this.array = array;
        }
    }

    PartialArgsWriter(ErrorDetails details) {
        this.details = details;
    }

    /**
     * Adds one piece.
     *
     * @param arg the piece
     * @return the JSON text it adds
     * @throws UnexpectedResponseException if the path is malformed or out of document order, or
     *     the piece holds no value
     */
    String apply(PartialArg arg) {
        int mark = text.length();
        List<Object> path = parse(Objects.requireNonNullElse(arg.jsonPath(), ""));
        List<Object> open = openString;
        if (open != null) {
            openString = null;
            if (arg.stringValue() != null && open.equals(path)) {
                appendString(arg.stringValue(), arg.continues(), path);
                return text.substring(mark);
            }
            text.append('"');
        }
        if (!started) {
            started = true;
            text.append('{');
            frames.push(new Frame(null, false));
        }
        List<Object> containers = path.subList(0, path.size() - 1);
        List<Object> current = openPath();
        int common = 0;
        while (common < current.size() && common < containers.size() && current.get(common).equals(containers.get(common))) {
            common++;
        }
        while (frames.size() - 1 > common) {
            close(frames.pop());
        }
        for (int i = common; i < containers.size(); i++) {
            member(containers.get(i), arg);
            boolean array = path.get(i + 1) instanceof Integer;
            text.append(array ? '[' : '{');
            frames.push(new Frame(containers.get(i), array));
        }
        member(path.get(path.size() - 1), arg);
        value(arg, path);
        return text.substring(mark);
    }

    /**
     * Closes whatever is open; the arguments are complete.
     *
     * @return the JSON text it adds
     */
    String finish() {
        int mark = text.length();
        if (openString != null) {
            text.append('"');
            openString = null;
        }
        if (!started) {
            started = true;
            text.append("{}");
        }
        while (!frames.isEmpty()) {
            close(frames.pop());
        }
        return text.substring(mark);
    }

    /**
     * Returns the text written so far; after {@link #finish()}, the whole arguments.
     *
     * @return the JSON text
     */
    String text() {
        return text.toString();
    }

    private List<Object> openPath() {
        List<Object> path = new ArrayList<>();
        frames.descendingIterator().forEachRemaining(frame -> {
            if (frame.segment != null) {
                path.add(frame.segment);
            }
        });
        return path;
    }

    private void member(Object segment, PartialArg arg) {
        Frame top = Objects.requireNonNull(frames.peek());
        if (top.array) {
            if (!(segment instanceof Integer index) || index != top.nextIndex) {
                throw malformed("index " + segment + " does not continue the array in order", arg);
            }
            top.nextIndex++;
        } else if (!(segment instanceof String key) || !top.keys.add(key)) {
            throw malformed("'" + segment + "' is not a new key of the object being written", arg);
        }
        if (!top.empty) {
            text.append(',');
        }
        top.empty = false;
        if (!top.array) {
            text.append('"').append(ENCODER.quoteAsString((String) segment)).append("\":");
        }
    }

    private void value(PartialArg arg, List<Object> path) {
        JsonNode number = arg.numberValue();
        if (arg.stringValue() != null) {
            text.append('"');
            appendString(arg.stringValue(), arg.continues(), path);
        } else if (number != null && (number.isNumber() || isNumeric(number))) {
            text.append(number.isNumber() ? number.toString() : number.asText());
        } else if (arg.boolValue() != null) {
            text.append(arg.boolValue().booleanValue());
        } else if (arg.nullValue() != null) {
            text.append("null");
        } else {
            throw malformed("the piece has no value", arg);
        }
    }

    private void appendString(String value, boolean continues, List<Object> path) {
        text.append(ENCODER.quoteAsString(value));
        if (continues) {
            openString = path;
        } else {
            text.append('"');
        }
    }

    private void close(Frame frame) {
        text.append(frame.array ? ']' : '}');
    }

    private static boolean isNumeric(JsonNode node) {
        return node.isTextual() && node.asText().matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");
    }

    /** Parses {@code $.a.b[0]['c d']} into {@code ["a", "b", 0, "c d"]}. */
    private List<Object> parse(String jsonPath) {
        if (!jsonPath.startsWith("$")) {
            throw malformed("the path '" + jsonPath + "' does not start at the root '$'", null);
        }
        List<Object> segments = new ArrayList<>();
        int i = 1;
        while (i < jsonPath.length()) {
            char c = jsonPath.charAt(i);
            int end;
            if (c == '.') {
                end = i + 1;
                while (end < jsonPath.length() && jsonPath.charAt(end) != '.' && jsonPath.charAt(end) != '[') {
                    end++;
                }
                segments.add(jsonPath.substring(i + 1, end));
            } else if (c == '[' && jsonPath.indexOf(']', i) > i + 1) {
                end = bracket(jsonPath, i, segments);
            } else {
                throw malformed("the path '" + jsonPath + "' cannot be read at position " + i, null);
            }
            i = end;
        }
        if (segments.isEmpty() || segments.contains("")) {
            throw malformed("the path '" + jsonPath + "' does not name a field below the root", null);
        }
        return segments;
    }

    private int bracket(String jsonPath, int open, List<Object> segments) {
        char quote = jsonPath.charAt(open + 1);
        if (quote == '\'' || quote == '"') {
            StringBuilder key = new StringBuilder();
            int i = open + 2;
            while (i < jsonPath.length() && jsonPath.charAt(i) != quote) {
                char c = jsonPath.charAt(i);
                if (c == '\\' && i + 1 < jsonPath.length()) {
                    c = jsonPath.charAt(++i);
                }
                key.append(c);
                i++;
            }
            if (i + 1 >= jsonPath.length() || jsonPath.charAt(i + 1) != ']') {
                throw malformed("the path '" + jsonPath + "' has an unterminated quoted key", null);
            }
            segments.add(key.toString());
            return i + 2;
        }
        int close = jsonPath.indexOf(']', open);
        String index = jsonPath.substring(open + 1, close);
        if (!index.matches("\\d{1,9}")) {
            throw malformed("the path '" + jsonPath + "' has the invalid index '" + index + "'", null);
        }
        segments.add(Integer.parseInt(index));
        return close + 1;
    }

    private UnexpectedResponseException malformed(String what, @Nullable PartialArg arg) {
        String where = arg == null ? "" : " (at " + arg.jsonPath() + ")";
        return new UnexpectedResponseException("malformed streamed function call arguments from Gemini: " + what
                + where, details);
    }
}
