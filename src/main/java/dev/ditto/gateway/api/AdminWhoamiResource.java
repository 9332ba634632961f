package dev.ditto.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.control.AdminPrincipal;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Locale;

/**
 * {@code GET /admin/whoami}: who the admin API takes the caller for, so an operator can check a
 * token or a container sign-in before using it. Any admin role may call it.
 *
 * <pre>{@code
 * {"actor":"alice@acme","role":"tenant_admin","tenant_id":"acme","can_write":true}
 * }</pre>
 */
@Path("admin/whoami")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminWhoamiResource {

    private final AdminAuth auth;
    private final ObjectMapper json;

    /**
     * Creates the resource.
     *
     * @param auth the admin check
     * @param json the mapper for the answer
     */
    public AdminWhoamiResource(AdminAuth auth, ObjectMapper json) {
        this.auth = auth;
        this.json = json;
    }

    /**
     * Describes the caller.
     *
     * @param headers the request headers, for a token
     * @param security the container's sign-in
     * @return {@code actor}, {@code role} ({@code global_admin}, {@code global_viewer},
     *     {@code tenant_admin}, {@code tenant_viewer}), {@code tenant_id} (null for global roles)
     *     and {@code can_write}
     * @throws JsonProcessingException never in practice
     */
    @GET
    public String whoami(@Context HttpHeaders headers, @Context SecurityContext security)
            throws JsonProcessingException {
        AdminPrincipal admin = auth.require(headers, security);
        return json.writeValueAsString(json.createObjectNode()
                .put("actor", admin.actor())
                .put("role", admin.role().name().toLowerCase(Locale.ROOT))
                .put("tenant_id", admin.tenantId())
                .put("can_write", admin.role().canWrite()));
    }
}
