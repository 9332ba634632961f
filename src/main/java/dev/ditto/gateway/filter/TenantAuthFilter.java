package dev.ditto.gateway.filter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.control.AccessDeniedException;
import dev.ditto.control.Authenticator;
import dev.ditto.control.Caller;
import dev.ditto.control.Credentials;
import dev.ditto.control.StoreUnavailableException;
import dev.ditto.control.audit.AuditLog;
import dev.ditto.gateway.Gateway;
import dev.ditto.gateway.api.ApiError;
import dev.ditto.gateway.api.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Authenticates data-plane requests: resolves the API key they present to a {@link Caller}
 * through the control plane's {@link Authenticator} and stores it as a request attribute for
 * the routes, or refuses the request in the route's own error shape (Anthropic's on the
 * Messages routes, OpenAI's elsewhere): 401 for a missing, unknown, blocked or expired key,
 * 403 for a key whose allowed routes do not include the request's route, 503 when the key
 * could not be looked up.
 *
 * <p>The key is read from {@code Authorization: Bearer}, then {@code x-api-key} (Anthropic
 * clients), {@code x-goog-api-key} (Gemini clients), {@code api-key} (Azure clients) and
 * {@code x-litellm-api-key}.
 */
public final class TenantAuthFilter extends HttpFilter {

    /** The request attribute holding the {@link Caller}. */
    public static final String CALLER_ATTRIBUTE = Caller.class.getName();

    private static final String[] KEY_HEADERS = {"x-api-key", "x-goog-api-key", "api-key", "x-litellm-api-key"};

    private transient @Nullable Authenticator authenticator;
    private transient ObjectMapper json;
    private transient AuditLog audit;

    @Override
    public void init(FilterConfig config) {
        Gateway gateway = Gateway.from(config.getServletContext());
        this.authenticator = gateway.dataPlane().control().authenticator();
        this.json = gateway.json();
        this.audit = gateway.compliance().audit();
    }

    /**
     * Lets go of the authenticator, which leads to the whole gateway: a container may keep this
     * filter reachable for a while after an undeploy (with a worker's last request).
     */
    @Override
    public void destroy() {
        authenticator = null;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String route = route(request);
        Authenticator keys = authenticator;
        if (keys == null) {
            throw new ServletException("the auth filter is not in service (init() not run, or destroy() ran)");
        }
        Caller caller;
        try {
            caller = keys.authenticate(new Credentials(token(request), route, request.getRemoteAddr()));
        } catch (AccessDeniedException e) {
            audit.security(SecurityEvents.rejected(request, e.status(), e.code(), token(request)));
            refuse(request, response, e.status(), e.code(), e.getMessage());
            return;
        } catch (StoreUnavailableException e) {
            // A key that is not cached could not be looked up: the client may retry, unlike a 401.
            refuse(request, response, 503, "service_unavailable",
                    "The API key could not be checked because the database is unavailable; retry shortly.");
            return;
        }
        if (!caller.mayCall(route)) {
            audit.security(SecurityEvents.forbidden(request, caller, "route_not_allowed"));
            refuse(request, response, 403, "route_not_allowed", "This API key may not call " + route + ".");
            return;
        }
        request.setAttribute(CALLER_ATTRIBUTE, caller);
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String code,
            String message) throws IOException {
        String type = switch (status) {
            case 401 -> ApiError.AUTHENTICATION;
            case 403 -> ApiError.PERMISSION;
            default -> ApiError.SERVER;
        };
        ApiError error = new ApiError(status, type, code, message, null);
        if (status == 401) {
            response.setHeader("www-authenticate", "Bearer");
        }
        ObjectNode body = anthropicRoute(request) ? error.toAnthropicJson(json) : error.toJson(json);
        // The body is left unread: BodyLimitFilter, around this filter, drains it.
        ErrorResponses.write(error.status(), body, json, response);
    }

    /**
     * Returns the caller the filter stored on a request.
     *
     * @param request the request
     * @return the caller, or {@link Caller#anonymous()} when the filter did not run (a route
     *     outside its mapping)
     */
    public static Caller caller(ServletRequest request) {
        return request.getAttribute(CALLER_ATTRIBUTE) instanceof Caller caller ? caller : Caller.anonymous();
    }

    /**
     * Returns the route group of a request: its path within the application, with the
     * {@code /v1} prefix that LiteLLM makes optional always present.
     *
     * @param request the request
     * @return such as {@code /v1/chat/completions}
     */
    public static String route(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/v1/") || path.equals("/v1") ? path : "/v1" + path;
    }

    private static boolean anthropicRoute(HttpServletRequest request) {
        return route(request).startsWith("/v1/messages");
    }

    private static @Nullable String token(HttpServletRequest request) {
        String authorization = request.getHeader("authorization");
        if (authorization != null) {
            String trimmed = authorization.trim();
            if (trimmed.length() > 7 && trimmed.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
                return trimmed.substring(7).trim();
            }
        }
        for (String header : KEY_HEADERS) {
            String value = request.getHeader(header);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }
}
