package dev.ditto.gateway.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The parts of an admin request that say who sent it and from where, injected by Jersey as a
 * {@code @BeanParam} of each admin resource method (a parameter rather than fields of the
 * singleton resources, which Jersey would treat, and warn about, as providers).
 */
public final class AdminRequest {

    @Context
    private HttpHeaders headers;
    @Context
    private SecurityContext security;
    @Context
    private HttpServletRequest servletRequest;

    /** Created by Jersey for each request. */
    public AdminRequest() {
        // Fields are injected.
    }

    HttpHeaders headers() {
        return headers;
    }

    SecurityContext security() {
        return security;
    }

    HttpServletRequest servletRequest() {
        return servletRequest;
    }
}
