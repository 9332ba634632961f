package dev.ditto.gateway;

import dev.ditto.gateway.api.AdminApi;
import dev.ditto.gateway.api.AdminAuth;
import dev.ditto.gateway.api.AdminDeploymentsResource;
import dev.ditto.gateway.api.AdminExportResource;
import dev.ditto.gateway.api.AdminConfigResource;
import dev.ditto.gateway.api.AdminReservationsResource;
import dev.ditto.gateway.api.AdminRetentionResource;
import dev.ditto.gateway.api.AdminWhoamiResource;
import dev.ditto.gateway.api.GatewayExceptionMapper;
import dev.ditto.gateway.api.HealthResource;
import dev.ditto.gateway.api.MetricsResource;
import dev.ditto.gateway.api.LiteLlmModelInfoResource;
import dev.ditto.gateway.api.ModelsResource;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Context;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The Jakarta REST application that web.xml names. Jersey creates it; it takes the
 * {@link Gateway} that the composition root put in the servlet context and registers resource
 * instances built from it, so resources get their collaborators through constructors.
 */
public final class GatewayApplication extends ResourceConfig {

    /**
     * Creates the application.
     *
     * @param servletContext the web application's context, holding the {@link Gateway}
     */
    public GatewayApplication(@Context ServletContext servletContext) {
        Gateway gateway = Gateway.from(servletContext);
        register(new ModelsResource(gateway));
        register(new LiteLlmModelInfoResource(gateway));
        register(new LiteLlmModelInfoResource.Groups(gateway));
        register(new HealthResource(gateway));
        register(new MetricsResource(gateway));
        AdminAuth adminAuth = AdminAuth.from(gateway.settings());
        register(new AdminDeploymentsResource(gateway, adminAuth));
        register(new AdminWhoamiResource(adminAuth, gateway.json()));
        register(new AdminReservationsResource(gateway, adminAuth));
        register(new AdminConfigResource(gateway, adminAuth));
        register(new AdminExportResource(gateway.compliance(), adminAuth));
        register(new AdminRetentionResource(gateway.compliance(), adminAuth, gateway.json()));
        AdminApi.register(this, adminAuth::require, AdminServices.from(servletContext).administration(), gateway.json(),
                gateway.dataPlane().control().authenticator());
        register(new GatewayExceptionMapper(gateway.json(), gateway.compliance().audit()));
        // Everything is registered explicitly: no classpath scanning, no providers from
        // META-INF/services (an app server's or a library's), no WADL.
        property(ServerProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
        property(ServerProperties.METAINF_SERVICES_LOOKUP_DISABLE, true);
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        // Errors carry our JSON envelope; never let the container replace it with an HTML page.
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
    }
}
