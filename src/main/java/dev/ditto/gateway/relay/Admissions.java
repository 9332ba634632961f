package dev.ditto.gateway.relay;

import dev.ditto.control.AdmissionDeniedException;
import dev.ditto.control.AdmissionRequest;
import dev.ditto.control.Caller;
import dev.ditto.control.Permit;
import dev.ditto.gateway.Gateway;
import dev.ditto.gateway.api.ApiError;
import dev.ditto.gateway.api.ApiException;
import dev.ditto.gateway.filter.TenantAuthFilter;
import dev.ditto.gateway.filter.RequestIdFilter;
import dev.ditto.gateway.filter.SecurityEvents;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * The admit step of every data-plane route, LLM and passthrough alike, so that no route has a
 * path around a limit or a budget: the key's models are checked, the control plane admits the
 * request, and refusals are answered, and reported to the audit log, the same way everywhere.
 */
final class Admissions {

    private Admissions() {}

    /**
     * Authorizes the caller for the model and admits the request against its limits and
     * budgets: the returned settlement holds the permit and must be settled exactly once.
     *
     * @param gateway the gateway
     * @param request the servlet request, authenticated by the auth filter
     * @param route the route group recorded for the request
     * @param model the model group asked for; null on routes without one
     * @param estimatedInputTokens the prompt's estimated size
     * @param maxOutputTokens the request's output cap, if it has one
     * @param stream whether the client wants a stream
     * @param startedAt when the gateway received it, by the data plane's ticker
     * @return the admitted request's settlement
     * @throws ApiException 403 if the caller's key may not use the model
     * @throws AdmissionDeniedException if a limit or budget refuses the request
     */
    static Settlement admit(Gateway gateway, HttpServletRequest request, String route, @Nullable String model,
            long estimatedInputTokens, @Nullable Long maxOutputTokens, boolean stream, long startedAt) {
        Caller caller = TenantAuthFilter.caller(request);
        if (model != null && !caller.mayUse(model)) {
            throw new ApiException(new ApiError(403, ApiError.PERMISSION, "model_not_allowed",
                    "This API key may not use the model '" + model + "'.", "model"));
        }
        Object id = request.getAttribute(RequestIdFilter.ATTRIBUTE);
        Permit permit = gateway.dataPlane().control().admission().admit(new AdmissionRequest(
                id == null ? "-" : id.toString(), caller, route, model, estimatedInputTokens, maxOutputTokens, stream));
        return new Settlement(gateway.dataPlane(), request, caller, route, model, permit, startedAt);
    }

    /**
     * Sets a refusal's headers ({@code Retry-After}, {@code x-ratelimit-*}) on the response and
     * returns the error to write in the route's shape.
     *
     * @param denied the refusal
     * @param response the response, not yet committed
     * @return the error
     */
    static ApiError refusal(AdmissionDeniedException denied, HttpServletResponse response) {
        denied.headers().forEach(response::setHeader);
        if (denied.retryAfter() != null) {
            // Whole seconds, rounded up: a client that waits exactly this long finds room.
            response.setHeader("retry-after", Long.toString(Math.max(1, (denied.retryAfter().toMillis() + 999) / 1000)));
        }
        return new ApiError(denied.status(), type(denied), denied.code(), denied.getMessage(), null);
    }

    /**
     * Reports a refusal to the audit log (sampled there, never blocking): a 403 (the key may not
     * use the model or the route) as {@code security.forbidden}, a limit or budget refusal as
     * {@code security.admission_denied}. Anything else is not a refusal and is not reported.
     *
     * @param gateway the gateway
     * @param request the refused request
     * @param failure why it was refused
     */
    static void report(Gateway gateway, HttpServletRequest request, Exception failure) {
        if (failure instanceof AdmissionDeniedException denied) {
            gateway.compliance().audit().security(SecurityEvents.admissionDenied(request, denied));
        } else if (failure instanceof ApiException api && api.error().status() == 403) {
            gateway.compliance().audit().security(SecurityEvents.forbidden(request, api.error()));
        }
    }

    private static String type(AdmissionDeniedException e) {
        return switch (e.status()) {
            case 429 -> "budget_exceeded".equals(e.code()) ? "budget_exceeded" : ApiError.RATE_LIMIT;
            case 401 -> ApiError.AUTHENTICATION;
            case 403 -> ApiError.PERMISSION;
            default -> e.status() >= 500 ? ApiError.SERVER : ApiError.INVALID_REQUEST;
        };
    }
}
