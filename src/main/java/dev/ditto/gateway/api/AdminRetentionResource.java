package dev.ditto.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.control.AccessDeniedException;
import dev.ditto.control.AdminPrincipal;
import dev.ditto.control.retention.RetentionPurger;
import dev.ditto.gateway.Compliance;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;

/**
 * {@code POST /admin/retention/purge}: runs the retention purge now, on this replica, and
 * answers when it is done with what it deleted. Needs a global admin role; the purge is
 * audited with the administrator as actor.
 */
@Path("admin/retention")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminRetentionResource {

    private final Compliance compliance;
    private final AdminAuth auth;
    private final ObjectMapper json;

    /**
     * Creates the resource.
     *
     * @param compliance the purge
     * @param auth the admin check
     * @param json the response mapper
     */
    public AdminRetentionResource(Compliance compliance, AdminAuth auth, ObjectMapper json) {
        this.compliance = compliance;
        this.auth = auth;
        this.json = json;
    }

    /**
     * Purges what the retention policy no longer keeps.
     *
     * @param headers the request headers, for the admin credentials
     * @return {@code {"object":"retention.purge", ...}} with the cutoffs and counts
     * @throws ApiException 403 for an administrator without a global writing role
     * @throws JsonProcessingException never in practice
     */
    @POST
    @Path("purge")
    public String purge(@Context HttpHeaders headers) throws JsonProcessingException {
        AdminPrincipal principal = auth.require(headers);
        try {
            principal.requireGlobal(true);
        } catch (AccessDeniedException e) {
            throw new ApiException(new ApiError(403, ApiError.PERMISSION, e.code(), e.getMessage(), null));
        }
        RetentionPurger.PurgeReport report = compliance.retention().purge(principal.actor(),
                principal.role().name().toLowerCase(Locale.ROOT), true);
        ObjectNode body = json.createObjectNode().put("object", "retention.purge");
        report.details().forEach(body::put);
        body.put("spend_logs_deleted", report.spendLogsDeleted()).put("audit_deleted", report.auditDeleted())
                .put("audit_chains_cut", report.auditChainsCut());
        return json.writeValueAsString(body);
    }
}
