package dev.ditto.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Access to the recorded provider responses under {@code shared/fixtures/recorded} (see the
 * README there): locating the folder, reading files, and restoring the SSE framing that the
 * {@code *.chunks.txt} files had stripped.
 *
 * <p>The folder is the system property {@value #DIR_PROPERTY} (Surefire and Failsafe set it),
 * or else {@code ../shared/fixtures/recorded} relative to the working directory. Paths given to
 * these methods are relative to that folder, for example
 * {@code "anthropic-messages/anthropic-text.chunks.txt"}, and may not leave it.
 *
 * <p>Stateless and thread-safe; every call reads the file again.
 */
public final class Fixtures {

    /** The system property naming the fixtures folder. */
    public static final String DIR_PROPERTY = "ditto.fixtures.dir";

    private static final Path FALLBACK_DIR = Path.of("../shared/fixtures/recorded");
    private static final JsonFactory JSON = new JsonFactory();

    private Fixtures() {
    }

    /**
     * Returns the fixtures folder.
     *
     * @return the absolute, normalized folder
     * @throws IllegalStateException if the folder does not exist
     */
    public static Path dir() {
        String configured = System.getProperty(DIR_PROPERTY);
        Path dir = (configured == null || configured.isBlank() ? FALLBACK_DIR : Path.of(configured))
                .toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("fixtures folder not found: " + dir + " (set -D" + DIR_PROPERTY
                    + " or run from the project directory)");
        }
        return dir;
    }

    /**
     * Resolves a fixture file.
     *
     * @param relative a path relative to {@link #dir()}
     * @return the existing file
     * @throws IllegalArgumentException if the path leaves the fixtures folder or no such file exists
     */
    public static Path path(String relative) {
        Path dir = dir();
        Path file = dir.resolve(relative).normalize();
        if (!file.startsWith(dir)) {
            throw new IllegalArgumentException("fixture path leaves the fixtures folder: " + relative);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no fixture '" + relative + "' in " + dir);
        }
        return file;
    }

    /**
     * Reads a fixture file as bytes.
     *
     * @param relative a path relative to {@link #dir()}
     * @return the file content
     * @throws IllegalArgumentException if there is no such fixture
     * @throws UncheckedIOException if reading fails
     */
    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + relative, e);
        }
    }

    /**
     * Reads a fixture file as UTF-8 text.
     *
     * @param relative a path relative to {@link #dir()}
     * @return the file content
     * @throws IllegalArgumentException if there is no such fixture
     */
    public static String text(String relative) {
        return new String(bytes(relative), StandardCharsets.UTF_8);
    }

    /**
     * Returns the event payloads of a {@code *.chunks.txt} fixture (its non-blank lines) or of a
     * raw {@code *.sse} capture (the {@code data:} lines of each event, joined with {@code \n}),
     * in order.
     *
     * @param relative a path relative to {@link #dir()}
     * @return one payload per streamed event; for a capture, {@code [DONE]} included
     * @throws IllegalArgumentException if there is no such fixture
     */
    public static List<String> payloads(String relative) {
        if (!relative.endsWith(".sse")) {
            return text(relative).lines().filter(line -> !line.isBlank()).toList();
        }
        List<String> payloads = new ArrayList<>();
        for (byte[] event : splitEvents(bytes(relative))) {
            List<String> data = new String(event, StandardCharsets.UTF_8).lines()
                    .filter(line -> line.startsWith("data:"))
                    .map(line -> line.startsWith("data: ") ? line.substring(6) : line.substring(5))
                    .toList();
            if (!data.isEmpty()) {
                payloads.add(String.join("\n", data));
            }
        }
        return List.copyOf(payloads);
    }

    /**
     * Returns the default framing of a fixture, from the folder it sits in.
     *
     * @param relative a path relative to {@link #dir()}
     * @return {@link Framing#RAW} for {@code *.sse} captures, else {@link Framing#forFolder}
     * @throws IllegalArgumentException if the folder holds no streamed API
     */
    public static Framing defaultFraming(String relative) {
        if (relative.endsWith(".sse")) {
            return Framing.RAW;
        }
        Path parent = Path.of(relative).normalize().getParent();
        return Framing.forFolder(parent == null ? "" : parent.getFileName().toString());
    }

    /**
     * Splits a raw SSE capture into events, each ending after its blank line ({@code \n\n} or
     * {@code \r\n\r\n}); trailing bytes without a blank line form the last event. Concatenating
     * the result gives back {@code raw} exactly.
     *
     * @param raw the captured stream
     * @return the events, as copies
     */
    public static List<byte[]> splitEvents(byte[] raw) {
        List<byte[]> events = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < raw.length) {
            int end = blankLineEnd(raw, i);
            if (end < 0) {
                i++;
            } else {
                events.add(Arrays.copyOfRange(raw, start, end));
                start = end;
                i = end;
            }
        }
        if (start < raw.length) {
            events.add(Arrays.copyOfRange(raw, start, raw.length));
        }
        return events;
    }

    /**
     * Returns the top-level {@code type} field of a JSON payload, the SSE event name used by
     * Anthropic, OpenAI Responses and Cohere v2. Only the fields before {@code type} are parsed,
     * so a payload that is malformed further on (some synthetic fixtures are) still has a type.
     *
     * @param payload one JSON object
     * @return the value of its top-level {@code type} string field
     * @throws IllegalArgumentException if the payload is not a JSON object with such a field
     */
    public static String eventType(String payload) {
        try (JsonParser parser = JSON.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw noType(payload, null);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("type".equals(field) && value == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
            throw noType(payload, null);
        } catch (IOException e) {
            throw noType(payload, e);
        }
    }

    private static IllegalArgumentException noType(String payload, @Nullable Exception cause) {
        String head = payload.length() > 120 ? payload.substring(0, 120) + "..." : payload;
        return new IllegalArgumentException("payload has no top-level string \"type\" field: " + head, cause);
    }

    private static int blankLineEnd(byte[] b, int i) {
        if (b[i] == '\n' && i + 1 < b.length && b[i + 1] == '\n') {
            return i + 2;
        }
        if (b[i] == '\r' && i + 3 < b.length && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
            return i + 4;
        }
        return -1;
    }
}
