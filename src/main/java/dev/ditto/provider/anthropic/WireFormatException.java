package dev.ditto.provider.anthropic;

/**
 * A JSON document that does not have the shape of the Anthropic Messages API, with the path of
 * the offending field. Callers translate it into the SDK exception that fits the direction: an
 * invalid client request or an unexpected provider response.
 */
final class WireFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String path;

    WireFormatException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    /** Returns the JSON path of the offending field, such as {@code messages[1].content[0].type}. */
    String path() {
        return path;
    }
}
