package dev.ditto.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.gateway.api.ApiError;
import dev.ditto.gateway.api.ErrorResponses;
import dev.ditto.gateway.filter.BodyLimitFilter;
import dev.ditto.gateway.filter.RequestBodyTooLargeException;
import dev.ditto.gateway.filter.RequestIdFilter;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container's error page (web.xml {@code <error-page>}): errors that never reach Jakarta
 * REST, such as a filter failing or the container refusing a request, still get OpenAI's
 * envelope and the request id.
 */
public final class ErrorPageServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorPageServlet.class);

    private transient ObjectMapper json = new ObjectMapper();

    @Override
    public void init() {
        Object gateway = getServletContext().getAttribute(Gateway.ATTRIBUTE);
        if (gateway instanceof Gateway found) {
            json = found.json();
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object requestId = request.getAttribute(RequestIdFilter.ATTRIBUTE);
        if (requestId != null) {
            response.setHeader(RequestIdFilter.HEADER, requestId.toString());
        }
        ErrorResponses.write(toError(request), json, response);
    }

    private static ApiError toError(HttpServletRequest request) {
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusAttribute instanceof Integer code ? code : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (failure instanceof Throwable throwable) {
            Throwable cause = throwable;
            while (cause != null && !(cause instanceof RequestBodyTooLargeException)) {
                cause = cause.getCause();
            }
            if (cause instanceof RequestBodyTooLargeException tooLarge) {
                return BodyLimitFilter.tooLarge(tooLarge.limit());
            }
            return ErrorResponses.internal(throwable, LOG);
        }
        if (status >= 500) {
            return new ApiError(status, ApiError.SERVER, "http_" + status, "The gateway failed to handle the request.", null);
        }
        String message = status == 404 ? "Invalid URL (" + uri + ")." : "The request was refused (HTTP " + status + ").";
        return ApiError.invalidRequest(status, status == 404 ? "unknown_url" : "http_" + status, message, null);
    }
}
