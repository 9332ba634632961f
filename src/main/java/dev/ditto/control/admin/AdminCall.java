package dev.ditto.control.admin;

import dev.ditto.control.AdminPrincipal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who asks for an admin operation and from where: what the audit record of a write names.
 * Immutable.
 *
 * @param principal the authenticated administrator
 * @param requestId the admin request's id ({@code x-request-id}), if any
 * @param clientAddress the client's address, if known
 */
public record AdminCall(AdminPrincipal principal, @Nullable String requestId, @Nullable String clientAddress) {

    /** Checks the principal. */
    public AdminCall {
        Objects.requireNonNull(principal, "principal");
    }

    /**
     * Returns a call without request id or address, for tools and tests.
     *
     * @param principal the administrator
     * @return the call
     */
    public static AdminCall of(AdminPrincipal principal) {
        return new AdminCall(principal, null, null);
    }
}
