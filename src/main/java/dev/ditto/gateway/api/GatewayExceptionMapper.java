package dev.ditto.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.control.AccessDeniedException;
import dev.ditto.control.ConflictException;
import dev.ditto.control.StoreUnavailableException;
import dev.ditto.control.admin.InvalidFieldException;
import dev.ditto.control.audit.AuditLog;
import dev.ditto.gateway.filter.SecurityEvents;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns exceptions at the HTTP edge into OpenAI's error envelope: expected
 * errors keep their status with a stable type and code; anything else is a 500 with an error
 * id that is logged with the stack trace. Every 401 and 403 it answers (the admin API's, the
 * LiteLLM management endpoints', {@code /metrics}') is reported to the audit log; the data
 * plane's are reported where they happen, since they never reach Jakarta REST.
 */
public final class GatewayExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayExceptionMapper.class);

    private final ObjectMapper json;
    private final AuditLog audit;

    @Context
    private HttpServletRequest request;

    /**
     * Creates a mapper that reports refusals nowhere.
     *
     * @param json the mapper for the envelope
     */
    public GatewayExceptionMapper(ObjectMapper json) {
        this(json, AuditLog.disabled());
    }

    /**
     * Creates the mapper.
     *
     * @param json the mapper for the envelope
     * @param audit where 401 and 403 answers are reported (sampled, never blocking)
     */
    public GatewayExceptionMapper(ObjectMapper json, AuditLog audit) {
        this.json = json;
        this.audit = audit;
    }

    @Override
    public Response toResponse(Throwable failure) {
        ApiError error = toError(failure);
        if ((error.status() == 401 || error.status() == 403) && request != null) {
            audit.security(SecurityEvents.adminRefused(request, error.status(), error.code()));
        }
        Response response = ErrorResponses.toResponse(error, json);
        if (failure instanceof ApiException api && !api.headers().isEmpty()) {
            Response.ResponseBuilder withHeaders = Response.fromResponse(response);
            api.headers().forEach((name, values) -> values.forEach(value -> withHeaders.header(name, value)));
            return withHeaders.build();
        }
        if (failure instanceof NotAllowedException notAllowed) {
            String allow = notAllowed.getResponse().getHeaderString(HttpHeaders.ALLOW);
            return Response.fromResponse(response).header(HttpHeaders.ALLOW, allow).build();
        }
        return response;
    }

    private ApiError toError(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api.error();
        }
        ApiError control = controlError(failure);
        if (control != null) {
            return control;
        }
        if (failure instanceof NotFoundException) {
            return ApiError.invalidRequest(404, "unknown_url", "Invalid URL (" + route() + ").", null);
        }
        if (failure instanceof NotAllowedException) {
            return ApiError.invalidRequest(405, "method_not_allowed",
                    "Method " + request.getMethod() + " is not allowed on " + request.getRequestURI() + ".", null);
        }
        if (failure instanceof NotSupportedException) {
            return ApiError.invalidRequest(415, "unsupported_media_type", "Unsupported Content-Type '"
                    + request.getContentType() + "' on " + route() + "; send application/json.", null);
        }
        if (failure instanceof NotAcceptableException) {
            return ApiError.invalidRequest(406, "not_acceptable",
                    "None of the types in the Accept header can be produced by " + route() + ".", null);
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            return ApiError.invalidRequest(status, "http_" + status, web.getMessage(), null);
        }
        return ErrorResponses.internal(failure, LOG);
    }

    /** The control plane's outcomes, as the admin API reports them; null for anything else. */
    private static @Nullable ApiError controlError(Throwable failure) {
        if (failure instanceof AccessDeniedException denied) {
            return new ApiError(denied.status(), denied.status() == 401 ? ApiError.AUTHENTICATION : ApiError.PERMISSION,
                    denied.code(), denied.getMessage(), null);
        }
        if (failure instanceof InvalidFieldException invalid) {
            return ApiError.invalidRequest(400, "invalid_field", invalid.getMessage(), invalid.field());
        }
        if (failure instanceof dev.ditto.control.NotFoundException missing) {
            return ApiError.invalidRequest(404, missing.type() + "_not_found", "The " + missing.type() + " '"
                    + missing.id() + "' does not exist.", null);
        }
        if (failure instanceof ConflictException conflict) {
            LOG.info("event=admin_conflict error=\"{}\"", conflict.getMessage());
            return ApiError.invalidRequest(409, "conflict", "The change conflicts with what is stored: a record with "
                    + "that id exists, or the record is still in use (a tenant with projects, users or keys; a project "
                    + "or user with keys).", null);
        }
        if (failure instanceof StoreUnavailableException unavailable) {
            LOG.warn("event=store_unavailable error=\"{}\"", unavailable.getMessage());
            return new ApiError(503, ApiError.SERVER, "store_unavailable",
                    "The database is unavailable; retry shortly.", null);
        }
        return null;
    }

    private String route() {
        return request.getMethod() + " " + request.getRequestURI();
    }
}
