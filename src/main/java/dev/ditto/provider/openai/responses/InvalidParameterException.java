package dev.ditto.provider.openai.responses;

import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * A Responses request that the edge codec rejects, naming the offending parameter so that the
 * error answer can carry it in OpenAI's {@code param} field. Instances are immutable.
 */
final class InvalidParameterException extends InvalidRequestException {

    private static final long serialVersionUID = 1L;

    static final String INVALID_VALUE = "invalid_value";

    private final String param;
    private final String code;

    InvalidParameterException(String param, String message) {
        this(param, INVALID_VALUE, message, null);
    }

    InvalidParameterException(String param, String message, Throwable cause) {
        this(param, INVALID_VALUE, message, cause);
    }

    private InvalidParameterException(String param, String code, String message, @Nullable Throwable cause) {
        super(message, ErrorDetails.empty(), cause);
        this.param = param;
        this.code = code;
    }

    /** Returns the parameter path, such as {@code input[2].content[0].type}. */
    String param() {
        return param;
    }

    /** Returns OpenAI's error code for the rejection, such as {@code unknown_parameter}. */
    String code() {
        return code;
    }

    static InvalidParameterException unknown(String param) {
        return new InvalidParameterException(param, "unknown_parameter", "Unknown parameter: '" + param + "'.", null);
    }

    static InvalidParameterException invalid(String param, String expected) {
        return new InvalidParameterException(param, "Invalid value for '" + param + "': expected " + expected + ".");
    }

    static InvalidParameterException missing(String param) {
        return new InvalidParameterException(param, "missing_required_parameter",
                "Missing required parameter: '" + param + "'.", null);
    }
}
