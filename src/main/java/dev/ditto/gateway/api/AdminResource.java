package dev.ditto.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.control.AdminPrincipal;
import dev.ditto.control.PageRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.TimeRange;
import dev.ditto.control.admin.AdminCall;
import dev.ditto.control.admin.Administration;
import dev.ditto.gateway.filter.BodyLimitFilter;
import dev.ditto.gateway.filter.RequestBodyTooLargeException;
import dev.ditto.gateway.filter.RequestIdFilter;
import dev.ditto.gateway.filter.SecurityEvents;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What every admin resource does first: authenticate the caller through the {@link AdminGate}
 * and note where the request came from ({@link AdminCall}); and the shared readers of paging,
 * time and scope parameters. Subclasses are singletons; each method takes the request's
 * {@link AdminRequest} as a {@code @BeanParam}.
 */
public abstract class AdminResource {

    /** The default page size. */
    static final int DEFAULT_LIMIT = PageRequest.DEFAULT_LIMIT;

    private final AdminGate gate;
    private final Administration admin;
    private final AdminViews views;

    /**
     * Creates the resource.
     *
     * @param gate who the caller is
     * @param admin the admin operations
     * @param views the JSON views
     */
    protected AdminResource(AdminGate gate, Administration admin, AdminViews views) {
        this.gate = gate;
        this.admin = admin;
        this.views = views;
    }

    /**
     * Authenticates the caller; every resource method calls this before anything else.
     *
     * @param request the request
     * @return who asks and from where
     */
    final AdminCall call(AdminRequest request) {
        AdminPrincipal principal = gate.require(request.headers(), request.security());
        // A refusal later in the request (a tenant or role check) is audited under this name.
        request.servletRequest().setAttribute(SecurityEvents.ADMIN_ATTRIBUTE, principal);
        return new AdminCall(principal, requestId(request), request.servletRequest().getRemoteAddr());
    }

    /**
     * The call of a request made as {@code principal}, which the gateway chose itself (never
     * one the request presented).
     */
    final AdminCall callAs(AdminPrincipal principal, AdminRequest request) {
        return new AdminCall(principal, requestId(request), request.servletRequest().getRemoteAddr());
    }

    final Administration admin() {
        return admin;
    }

    final AdminViews views() {
        return views;
    }

    final RequestFields body(InputStream body, Set<String> known) {
        return RequestFields.of(JsonBody.readObject(body, views.json()), known);
    }

    /** Reads a body that may be empty (an action such as rotate with its defaults). */
    final RequestFields optionalBody(InputStream body, Set<String> known) {
        try {
            byte[] bytes = body.readAllBytes();
            if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
                return RequestFields.of(views.object(), known);
            }
            return RequestFields.of(JsonBody.readObject(new ByteArrayInputStream(bytes), views.json()), known);
        } catch (RequestBodyTooLargeException e) {
            throw new ApiException(BodyLimitFilter.tooLarge(e.limit()));
        } catch (IOException e) {
            throw new ApiException(ApiError.invalidRequest(400, "unreadable_body",
                    "The request body could not be read: " + e.getMessage(), null));
        }
    }

    final Response ok(JsonNode body) {
        return Response.ok(views.write(body), MediaType.APPLICATION_JSON_TYPE).build();
    }

    final Response created(ObjectNode body) {
        return Response.status(201).type(MediaType.APPLICATION_JSON_TYPE).entity(views.write(body)).build();
    }

    final Response deleted(String id, String object) {
        return ok(views.object().put("id", id).put("object", object).put("deleted", true));
    }

    static PageRequest page(@Nullable String limit, @Nullable String cursor) {
        int size = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                size = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > PageRequest.MAX_LIMIT) {
                throw RequestFields.invalid("limit", "'limit' must be a whole number from 1 to " + PageRequest.MAX_LIMIT
                        + ", got '" + limit + "'.");
            }
        }
        return PageRequest.after(cursor, size);
    }

    static TimeRange range(@Nullable String from, @Nullable String to) {
        Instant start = from == null || from.isBlank() ? null : RequestFields.parseInstant("from", from);
        Instant end = to == null || to.isBlank() ? null : RequestFields.parseInstant("to", to);
        if (start != null && end != null && end.isBefore(start)) {
            throw RequestFields.invalid("to", "'to' (" + end + ") is before 'from' (" + start + ").");
        }
        return TimeRange.of(start, end);
    }

    static @Nullable Scope scope(String field, @Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Scope scope = Scope.parse(text.trim());
            RequestFields.checkId(field, scope.id());
            return scope;
        } catch (IllegalArgumentException e) {
            throw RequestFields.invalid(field, "'" + field + "' must be kind:id with kind key, user, project or "
                    + "tenant, such as project:prj_01jd..., got '" + text + "'.");
        }
    }

    static @Nullable String optionalId(String field, @Nullable String value) {
        return value == null || value.isBlank() ? null : RequestFields.checkId(field, value.trim());
    }

    private static @Nullable String requestId(AdminRequest request) {
        Object attribute = request.servletRequest().getAttribute(RequestIdFilter.ATTRIBUTE);
        if (attribute instanceof String id) {
            return id;
        }
        String header = request.headers().getHeaderString(RequestIdFilter.HEADER);
        return header == null || header.isBlank() ? null : header.length() > 128 ? header.substring(0, 128) : header;
    }
}
