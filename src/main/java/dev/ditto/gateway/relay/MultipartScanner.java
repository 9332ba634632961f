package dev.ditto.gateway.relay;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Finds one small form field (the {@code model}) in a {@code multipart/form-data} body as its
 * bytes go by, without keeping them: where the field's value starts and ends in the body, its
 * value, and whether a file part came before it. Chunks are fed in order, of any size; the
 * delimiter is matched across chunk boundaries (Knuth-Morris-Pratt), so a body of any length is
 * scanned in constant memory.
 *
 * <p>The body is read as if a CRLF preceded it, so that the first boundary is found by the same
 * delimiter ({@code CRLF--boundary}) as the others. Not thread-safe: one body, fed in order.
 */
final class MultipartScanner {

    /** The longest value of the field looked for: a model name, not a document. */
    static final int MAX_VALUE_BYTES = 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int CRLF = '\r' << 8 | '\n';
    private static final int CRLF_CRLF = CRLF << 16 | CRLF;

    private enum State { PREAMBLE, AFTER_DELIMITER, HEADERS, BODY, DONE }

    private final byte[] delimiter;
    private final int[] failure;
    private final String field;
    private State state = State.PREAMBLE;
    private int matched = 2;
    private long position;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final ByteArrayOutputStream headers = new ByteArrayOutputStream();
    private @Nullable ByteArrayOutputStream value;
    private long partStart;
    private @Nullable String fieldValue;
    private long valueStart = -1;
    private long valueEnd = -1;
    private long firstFileAt = -1;
    private int lastFour;

    /**
     * @param boundary the boundary parameter of the content type
     * @param field the name of the form field to find
     */
    MultipartScanner(String boundary, String field) {
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.failure = failureFunction(delimiter);
        this.field = field;
    }

    /**
     * Reads the boundary of a multipart content type.
     *
     * @param contentType such as {@code multipart/form-data; boundary=abc}
     * @return the boundary, or null when the type is not multipart or names none
     */
    static @Nullable String boundary(@Nullable String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String boundary = unquote(trimmed.substring("boundary=".length()).trim());
                // RFC 2046: 1 to 70 characters.
                return boundary.isEmpty() || boundary.length() > 70 ? null : boundary;
            }
        }
        return null;
    }

    /**
     * Scans the next bytes of the body.
     *
     * @param bytes the buffer
     * @param offset where the chunk starts in it
     * @param length the chunk's length
     * @throws MalformedException if the body is not multipart as declared
     */
    void feed(byte[] bytes, int offset, int length) throws MalformedException {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            position++;
            switch (state) {
                case PREAMBLE, BODY -> body(b);
                case AFTER_DELIMITER -> afterDelimiter(b);
                case HEADERS -> header(b);
                case DONE -> {
                    return;
                }
            }
        }
    }

    /** Whether the closing delimiter has been seen. */
    boolean done() {
        return state == State.DONE;
    }

    /** The field's value, trimmed, once its part has ended; else null. */
    @Nullable String value() {
        return fieldValue;
    }

    /** Where the field's value starts in the body; -1 until its part has ended. */
    long valueStart() {
        return valueStart;
    }

    /** Where the field's value ends (exclusive) in the body; -1 until its part has ended. */
    long valueEnd() {
        return valueEnd;
    }

    /** Whether a part with a file name started before the field was found. */
    boolean fileFirst() {
        return firstFileAt >= 0 && (valueStart < 0 || firstFileAt < valueStart);
    }

    private void body(byte b) throws MalformedException {
        ByteArrayOutputStream capture = value;
        if (capture != null) {
            if (capture.size() > MAX_VALUE_BYTES + delimiter.length) {
                throw new MalformedException("the '" + field + "' field is longer than " + MAX_VALUE_BYTES + " bytes");
            }
            capture.write(b);
        }
        while (matched > 0 && delimiter[matched] != b) {
            matched = failure[matched - 1];
        }
        if (delimiter[matched] == b) {
            matched++;
        }
        if (matched < delimiter.length) {
            return;
        }
        matched = 0;
        if (state == State.BODY && capture != null) {
            byte[] captured = capture.toByteArray();
            valueStart = partStart;
            valueEnd = position - delimiter.length;
            fieldValue = new String(captured, 0, captured.length - delimiter.length, StandardCharsets.UTF_8).trim();
            value = null;
        }
        state = State.AFTER_DELIMITER;
        line.reset();
    }

    private void afterDelimiter(byte b) throws MalformedException {
        line.write(b);
        byte[] seen = line.toByteArray();
        if (seen.length == 2 && seen[0] == '-' && seen[1] == '-') {
            state = State.DONE;
        } else if (b == '\n') {
            // Transport padding (spaces, tabs) may precede the CRLF.
            if (!new String(seen, StandardCharsets.ISO_8859_1).isBlank()) {
                throw new MalformedException("a boundary line is followed by '" + printable(seen) + "'");
            }
            state = State.HEADERS;
            headers.reset();
            lastFour = 0;
        } else if (seen.length > 80) {
            throw new MalformedException("a boundary line does not end");
        }
    }

    private void header(byte b) throws MalformedException {
        headers.write(b);
        if (headers.size() > MAX_HEADER_BYTES) {
            throw new MalformedException("the headers of a part are longer than " + MAX_HEADER_BYTES + " bytes");
        }
        lastFour = lastFour << 8 | (b & 0xff);
        boolean emptyFirstLine = headers.size() == 2 && (lastFour & 0xffff) == CRLF;
        if (emptyFirstLine || headers.size() >= 4 && lastFour == CRLF_CRLF) {
            startPart(headers.toString(StandardCharsets.UTF_8));
        }
    }

    private void startPart(String headerText) throws MalformedException {
        String disposition = null;
        for (String headerLine : headerText.split("\r\n")) {
            int colon = headerLine.indexOf(':');
            if (colon > 0 && headerLine.substring(0, colon).trim().equalsIgnoreCase("content-disposition")) {
                disposition = headerLine.substring(colon + 1);
            }
        }
        if (disposition == null) {
            throw new MalformedException("a part has no Content-Disposition header");
        }
        String name = parameter(disposition, "name");
        boolean file = parameter(disposition, "filename") != null || parameter(disposition, "filename*") != null;
        partStart = position;
        if (file && firstFileAt < 0) {
            firstFileAt = position;
        }
        value = !file && fieldValue == null && field.equals(name) ? new ByteArrayOutputStream() : null;
        state = State.BODY;
        matched = 0;
    }

    private static @Nullable String parameter(String disposition, String name) {
        for (String part : disposition.split(";")) {
            int equals = part.indexOf('=');
            if (equals > 0 && part.substring(0, equals).trim().equalsIgnoreCase(name)) {
                return unquote(part.substring(equals + 1).trim());
            }
        }
        return null;
    }

    private static String unquote(String text) {
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return text;
    }

    private static String printable(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("\\p{Cntrl}", "?");
    }

    private static int[] failureFunction(byte[] pattern) {
        int[] table = new int[pattern.length];
        int k = 0;
        for (int i = 1; i < pattern.length; i++) {
            while (k > 0 && pattern[k] != pattern[i]) {
                k = table[k - 1];
            }
            if (pattern[k] == pattern[i]) {
                k++;
            }
            table[i] = k;
        }
        return table;
    }

    /** The body is not the multipart form its content type says. */
    static final class MalformedException extends Exception {

        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }
}
