package dev.ditto.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.control.Authenticator;
import dev.ditto.control.admin.Administration;
import org.glassfish.jersey.server.ResourceConfig;
import org.jspecify.annotations.Nullable;

/**
 * Registers the admin API's resources: {@code /admin/...} and LiteLLM's management endpoints
 * ({@code /key/...}, {@code /team/...}, {@code /user/...}, {@code /spend/logs}). One place, so
 * the gateway's application and a test's application serve the same API.
 */
public final class AdminApi {

    private AdminApi() {}

    /**
     * Registers every admin resource.
     *
     * @param application the Jakarta REST application
     * @param gate who the caller of each request is
     * @param admin the admin operations
     * @param json the JSON mapper
     */
    public static void register(ResourceConfig application, AdminGate gate, Administration admin, ObjectMapper json) {
        register(application, gate, admin, json, null);
    }

    /**
     * Registers the admin resources, with the data plane's key authenticator so that a virtual
     * key can read its own record at LiteLLM's {@code GET /key/info}.
     *
     * @param application the Jakarta REST application
     * @param gate who the caller of each request is
     * @param admin the admin operations
     * @param json the JSON mapper
     * @param keys the data plane's authenticator; null when keys may not describe themselves
     */
    public static void register(ResourceConfig application, AdminGate gate, Administration admin, ObjectMapper json,
            @Nullable Authenticator keys) {
        AdminViews views = new AdminViews(json);
        application.register(new AdminTenantsResource(gate, admin, views));
        application.register(new AdminProjectsResource(gate, admin, views));
        application.register(new AdminUsersResource(gate, admin, views));
        application.register(new AdminKeysResource(gate, admin, views));
        application.register(new AdminBudgetsResource(gate, admin, views));
        application.register(new AdminLimitsResource(gate, admin, views));
        application.register(new AdminReportsResource(gate, admin, views));
        application.register(new LiteLlmKeysResource(gate, admin, views, keys));
        application.register(new LiteLlmTeamsResource(gate, admin, views));
        application.register(new LiteLlmUsersResource(gate, admin, views));
        application.register(new LiteLlmOrganizationsResource(gate, admin, views));
        application.register(new LiteLlmSpendResource(gate, admin, views));
    }
}
