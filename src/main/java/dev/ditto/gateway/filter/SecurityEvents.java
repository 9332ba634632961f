package dev.ditto.gateway.filter;

import dev.ditto.control.AdminPrincipal;
import dev.ditto.control.AdmissionDeniedException;
import dev.ditto.control.Caller;
import dev.ditto.control.audit.SecurityEvent;
import dev.ditto.gateway.api.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds the audit log's security events from refusals, on the data plane (every route, LLM and
 * passthrough alike) and on the admin API, with the request's id, client address and route.
 * Never records a key or a token: a rejected key is named by its last four characters at most.
 * Stateless.
 */
public final class SecurityEvents {

    /**
     * The request attribute holding the {@link AdminPrincipal} once the admin API recognised
     * the caller, so that a later refusal names who was refused.
     */
    public static final String ADMIN_ATTRIBUTE = AdminPrincipal.class.getName();
    /** The role of an admin API caller that was not recognised. */
    static final String ADMIN_API = "admin_api";

    /** Keys shorter than this are not hinted at at all. */
    private static final int HINT_MIN_LENGTH = 12;

    private SecurityEvents() {}

    /**
     * A request whose API key was missing, unknown, blocked or expired (or that was refused
     * before a caller was known).
     *
     * @param request the request
     * @param status the status it got
     * @param code the error code it got
     * @param token the key it presented, or null; only a hint of it is kept
     * @return the event
     */
    public static SecurityEvent rejected(HttpServletRequest request, int status, String code, @Nullable String token) {
        Map<String, String> details = details(request, status, code);
        if (token != null && token.length() >= HINT_MIN_LENGTH) {
            details.put("key_hint", "..." + token.substring(token.length() - 4));
        }
        return SecurityEvent.of(SecurityEvent.KEY_REJECTED, Caller.ANONYMOUS, null, "route", TenantAuthFilter.route(request),
                details).from(requestId(request), request.getRemoteAddr());
    }

    /**
     * A known caller refused a route or a model (403).
     *
     * @param request the request, authenticated
     * @param error what it was told
     * @return the event
     */
    public static SecurityEvent forbidden(HttpServletRequest request, ApiError error) {
        return forbidden(request, TenantAuthFilter.caller(request), error.code() == null ? "forbidden" : error.code());
    }

    /**
     * A known caller refused a route or a model (403).
     *
     * @param request the request
     * @param caller who made it
     * @param code the error code it got
     * @return the event
     */
    public static SecurityEvent forbidden(HttpServletRequest request, Caller caller, String code) {
        return SecurityEvent.of(SecurityEvent.FORBIDDEN, caller.keyId(), caller.tenantId(), "route",
                TenantAuthFilter.route(request), details(request, 403, code)).from(requestId(request), request.getRemoteAddr());
    }

    /**
     * A request refused by a rate limit or a budget.
     *
     * @param request the request, authenticated
     * @param denied the refusal
     * @return the event
     */
    public static SecurityEvent admissionDenied(HttpServletRequest request, AdmissionDeniedException denied) {
        Caller caller = TenantAuthFilter.caller(request);
        Map<String, String> details = details(request, denied.status(), denied.code());
        details.put("message", denied.getMessage());
        return SecurityEvent.of(SecurityEvent.ADMISSION_DENIED, caller.keyId(), caller.tenantId(), "route",
                TenantAuthFilter.route(request), details).from(requestId(request), request.getRemoteAddr());
    }

    /**
     * A request to the admin API (or {@code /metrics}) refused with 401 or 403: a missing or
     * unknown admin token or sign-in ({@link SecurityEvent#KEY_REJECTED}), or an administrator
     * reaching beyond its role or tenant ({@link SecurityEvent#FORBIDDEN}). The actor is the
     * administrator when it was recognised before the refusal ({@link #ADMIN_ATTRIBUTE}), else
     * the container's signed-in user, else {@code anonymous}; the chain is the administrator's
     * tenant, or the global one.
     *
     * @param request the request
     * @param status 401 or 403
     * @param code the error code it got
     * @return the event
     */
    public static SecurityEvent adminRefused(HttpServletRequest request, int status, @Nullable String code) {
        String action = status == 401 ? SecurityEvent.KEY_REJECTED : SecurityEvent.FORBIDDEN;
        Map<String, String> details = details(request, status, code == null ? "forbidden" : code);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        SecurityEvent event;
        if (request.getAttribute(ADMIN_ATTRIBUTE) instanceof AdminPrincipal admin) {
            event = SecurityEvent.of(action, admin.actor(), admin.tenantId(), "route", path, details)
                    .as(admin.role().name().toLowerCase(Locale.ROOT));
        } else {
            Principal user = request.getUserPrincipal();
            event = SecurityEvent.of(action, user == null ? Caller.ANONYMOUS : user.getName(), null, "route",
                    path, details).as(ADMIN_API);
        }
        return origin(event, request);
    }

    /**
     * Returns the event with the request's id and client address.
     *
     * @param event the event
     * @param request the request it concerns
     * @return the event
     */
    public static SecurityEvent origin(SecurityEvent event, HttpServletRequest request) {
        return event.from(requestId(request), request.getRemoteAddr());
    }

    private static Map<String, String> details(HttpServletRequest request, int status, String code) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("status", Integer.toString(status));
        details.put("code", code);
        details.put("method", request.getMethod());
        return details;
    }

    private static @Nullable String requestId(HttpServletRequest request) {
        Object id = request.getAttribute(RequestIdFilter.ATTRIBUTE);
        return id == null ? null : id.toString();
    }
}
