package dev.ditto.sdk;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request was rejected because one named parameter is unknown, has the wrong type or an
 * invalid value; the gateway's edge codecs raise it while decoding a client's request, so that
 * the error they send back can name the parameter (OpenAI's {@code param}).
 *
 * <p>Instances are immutable.
 *
 * <pre>{@code
 * throw new InvalidParameterException("n must be 1", "n", InvalidParameterException.INVALID_VALUE,
 *         ErrorDetails.empty());
 * }</pre>
 */
public final class InvalidParameterException extends InvalidRequestException {

    /** The code of a parameter the API does not define. */
    public static final String UNKNOWN_PARAMETER = "unknown_parameter";

    /** The code of a parameter whose type or value is not accepted. */
    public static final String INVALID_VALUE = "invalid_value";

    /** The code of a required parameter that is missing. */
    public static final String MISSING_PARAMETER = "missing_required_parameter";

    /** The parameter at fault, as a path. */
    private final String param;

    /** The stable code of the failure. */
    private final String code;

    /**
     * Creates an exception.
     *
     * @param message what is wrong, for people
     * @param param the parameter at fault as a path, such as {@code messages[2].content}
     * @param code a stable code such as {@link #INVALID_VALUE}
     * @param details the structured context
     */
    public InvalidParameterException(String message, String param, String code, ErrorDetails details) {
        this(message, param, code, details, null);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what is wrong, for people
     * @param param the parameter at fault as a path, such as {@code messages[2].content}
     * @param code a stable code such as {@link #INVALID_VALUE}
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidParameterException(String message, String param, String code, ErrorDetails details,
            @Nullable Throwable cause) {
        super(message, details, cause);
        this.param = Objects.requireNonNull(param, "param");
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * Returns the parameter at fault.
     *
     * @return the parameter path, such as {@code n} or {@code messages[0].role}
     */
    public String param() {
        return param;
    }

    /**
     * Returns the stable code of the failure.
     *
     * @return the code, such as {@link #UNKNOWN_PARAMETER}
     */
    public String code() {
        return code;
    }
}
