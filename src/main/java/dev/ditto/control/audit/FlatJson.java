package dev.ditto.control.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the only JSON the audit chain writes: one object whose values are strings or
 * {@code null}. Anything else is refused with the position, which is what a verifier wants
 * from a file that may have been tampered with. Stateless.
 */
final class FlatJson {

    private final String text;
    private int at;

    private FlatJson(String text) {
        this.text = text;
    }

    /**
     * Parses an object.
     *
     * @param text the JSON text
     * @return the fields in the order they appear
     * @throws IllegalArgumentException naming what is wrong and where
     */
    static Map<String, @Nullable String> parse(String text) {
        return new FlatJson(text).object();
    }

    private Map<String, @Nullable String> object() {
        Map<String, @Nullable String> fields = new LinkedHashMap<>();
        skipSpace();
        expect('{');
        skipSpace();
        if (peek() == '}') {
            at++;
        } else {
            while (true) {
                skipSpace();
                String name = string();
                skipSpace();
                expect(':');
                skipSpace();
                @Nullable String value;
                if (text.startsWith("null", at)) {
                    at += 4;
                    value = null;
                } else if (peek() == '"') {
                    value = string();
                } else {
                    throw fail("the value of '" + name + "' is not a string or null");
                }
                if (fields.containsKey(name)) {
                    throw fail("the field '" + name + "' appears twice");
                }
                fields.put(name, value);
                skipSpace();
                if (peek() == ',') {
                    at++;
                } else {
                    expect('}');
                    break;
                }
            }
        }
        skipSpace();
        if (at != text.length()) {
            throw fail("text after the object");
        }
        return fields;
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw fail("unterminated string");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw fail("an unescaped control character in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw fail("unterminated escape");
            }
            char escape = text.charAt(at++);
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw fail("a short \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException e) {
                        throw fail("a bad \\u escape");
                    }
                    at += 4;
                }
                default -> throw fail("an unknown escape \\" + escape);
            }
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw fail("unexpected end of the line");
        }
        return text.charAt(at);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw fail("expected '" + c + "'");
        }
        at++;
    }

    private void skipSpace() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private IllegalArgumentException fail(String what) {
        return new IllegalArgumentException("not an audit record: " + what + " at character " + (at + 1));
    }
}
