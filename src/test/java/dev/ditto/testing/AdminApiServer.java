package dev.ditto.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.control.AdminPrincipal;
import dev.ditto.control.admin.Administration;
import dev.ditto.gateway.api.AdminApi;
import dev.ditto.gateway.api.AdminGate;
import dev.ditto.gateway.api.ApiError;
import dev.ditto.gateway.api.ApiException;
import dev.ditto.gateway.api.GatewayExceptionMapper;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.jspecify.annotations.Nullable;

/**
 * The admin API alone, over real HTTP on a random port, with administrators chosen by the test:
 * {@code Authorization: Bearer <token>} maps to the principal the test gave for that token.
 * The resources, their registration and the exception mapper are the gateway's own
 * ({@link AdminApi}); only who the caller is differs, so tests can act as every kind of
 * administrator before the gateway has admin tokens.
 *
 * <pre>{@code
 * try (AdminApiServer api = AdminApiServer.start(administration, Map.of("viewer", viewerPrincipal))) {
 *     HttpResponse<String> tenants = api.send("GET", "/admin/tenants", "viewer", null);
 * }
 * }</pre>
 */
public final class AdminApiServer implements AutoCloseable {

    private final Server server;
    private final URI baseUri;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AdminApiServer(Server server, URI baseUri) {
        this.server = server;
        this.baseUri = baseUri;
    }

    /**
     * Starts the admin API.
     *
     * @param administration the admin operations, on the test's store
     * @param tokens bearer tokens and the administrators they stand for
     * @return the running server
     * @throws Exception if Jetty fails to start
     */
    public static AdminApiServer start(Administration administration, Map<String, AdminPrincipal> tokens)
            throws Exception {
        ObjectMapper json = new ObjectMapper();
        AdminGate gate = (headers, security) -> principal(tokens, headers);
        ResourceConfig application = new ResourceConfig();
        AdminApi.register(application, gate, administration, json);
        application.register(new GatewayExceptionMapper(json));
        application.property(ServerProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
        application.property(ServerProperties.METAINF_SERVICES_LOOKUP_DISABLE, true);
        application.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        application.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new ServletContainer(application)), "/*");
        server.setHandler(context);
        server.start();
        return new AdminApiServer(server, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
    }

    private static AdminPrincipal principal(Map<String, AdminPrincipal> tokens, HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        AdminPrincipal principal = authorization == null || !authorization.startsWith("Bearer ") ? null
                : tokens.get(authorization.substring("Bearer ".length()));
        if (principal == null) {
            throw new ApiException(new ApiError(401, ApiError.AUTHENTICATION, "invalid_api_key", "Unknown admin token.",
                    null));
        }
        return principal;
    }

    /**
     * Sends a request.
     *
     * @param method the HTTP method
     * @param path the path and query
     * @param token the bearer token, or null for none
     * @param json the body, or null for none
     * @return the response
     * @throws IOException if the request fails
     * @throws InterruptedException if interrupted
     */
    public HttpResponse<String> send(String method, String path, @Nullable String token, @Nullable String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri.resolve(path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("content-type", "application/json");
        }
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
