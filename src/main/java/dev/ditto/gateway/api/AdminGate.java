package dev.ditto.gateway.api;

import dev.ditto.control.AdminPrincipal;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Who an admin request comes from. The gateway's is {@link AdminAuth#require(HttpHeaders,
 * SecurityContext)}; tests pass their own to act as any kind of administrator.
 */
@FunctionalInterface
public interface AdminGate {

    /**
     * Authenticates an admin request.
     *
     * @param headers the request's headers
     * @param security the container's view of the caller, for app-server sign-in
     * @return the administrator
     * @throws ApiException 401 or 403 when the request is not an administrator's
     */
    AdminPrincipal require(HttpHeaders headers, SecurityContext security);
}
