package dev.ditto.launcher;

import dev.ditto.GatewayContextListener;
import dev.ditto.config.AdminSettings;
import dev.ditto.config.GatewaySettings;
import dev.ditto.gateway.Gateway;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * Embedded Jetty 12 serving the gateway's web application from an unpacked WAR directory, with
 * the same web.xml a servlet container would read. The launcher and the tests use it.
 *
 * <pre>{@code
 * try (EmbeddedServer server = EmbeddedServer.start(settings, Path.of("webapp"), Path.of("data"))) {
 *     server.join();
 * }
 * }</pre>
 */
public final class EmbeddedServer implements AutoCloseable {

    /** The fewest threads the HTTP pool keeps, when its maximum allows. */
    private static final int MIN_THREADS = 8;

    private final Server server;
    private final ServerConnector connector;
    private final WebAppContext webapp;

    private EmbeddedServer(Server server, ServerConnector connector, WebAppContext webapp) {
        this.server = server;
        this.connector = connector;
        this.webapp = webapp;
    }

    /**
     * Starts the server and waits until the web application is up.
     *
     * @param settings the validated configuration; its {@code ditto.server} says where to listen
     * @param webappDir the unpacked web application (holding {@code WEB-INF/web.xml})
     * @param dataDir where the embedded database lives unless the configuration says otherwise
     * @return the running server
     * @throws Exception if the port cannot be bound or the web application fails to start
     */
    public static EmbeddedServer start(GatewaySettings settings, Path webappDir, Path dataDir) throws Exception {
        return start(settings, null, webappDir, dataDir);
    }

    /**
     * Starts the server, able to reload its configuration, and waits until the web application is up.
     *
     * @param settings the validated configuration; its {@code ditto.server} says where to listen
     * @param reader reads and validates the configuration again, for {@code POST
     *     /admin/config/reload} and JMX; null if it cannot be read again
     * @param webappDir the unpacked web application (holding {@code WEB-INF/web.xml})
     * @param dataDir where the embedded database lives unless the configuration says otherwise
     * @return the running server
     * @throws Exception if the port cannot be bound or the web application fails to start
     */
    public static EmbeddedServer start(GatewaySettings settings, @Nullable Supplier<GatewaySettings> reader,
            Path webappDir, Path dataDir) throws Exception {
        int maxThreads = settings.ditto().server().maxThreads();
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, Math.min(MIN_THREADS, maxThreads));
        threads.setName("ditto-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Model ids contain slashes (ditto/echo, openai/gpt-4o); clients encode them as %2F in
        // /v1/models/{id}, which Jetty refuses by default as an ambiguous path separator.
        http.setUriCompliance(UriCompliance.DEFAULT.with("DITTO_MODEL_IDS",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(settings.ditto().server().host());
        connector.setPort(settings.ditto().server().port());
        connector.setAcceptQueueSize(settings.ditto().server().acceptQueueSize());
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler());

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(webappDir.toAbsolutePath().toString());
        // Classes come from the launcher's class loader, which already holds WEB-INF/classes and lib.
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.getServletHandler().setDecodeAmbiguousURIs(true);
        webapp.setAttribute(GatewayContextListener.SETTINGS_ATTRIBUTE, settings);
        webapp.setAttribute(GatewayContextListener.DATA_DIR_ATTRIBUTE, dataDir);
        if (reader != null) {
            webapp.setAttribute(GatewayContextListener.RELOAD_ATTRIBUTE, reader);
        }
        AdminSettings.Realm realm = settings.ditto().admin().realm();
        if (realm.enabled() && realm.jettyUsersFile() != null) {
            webapp.setSecurityHandler(AdminRealm.basic(realm.jettyUsersFile(), ResourceFactory.of(server)));
        }
        server.setHandler(webapp);
        server.setStopTimeout(10_000);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new EmbeddedServer(server, connector, webapp);
    }

    /**
     * Returns the port actually bound (useful when the configuration asked for port 0).
     *
     * @return the local port
     */
    public int port() {
        return connector.getLocalPort();
    }

    /**
     * Returns the base URL clients use.
     *
     * @return {@code http://host:port}
     */
    public URI baseUri() {
        String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /**
     * Returns the gateway the web application built, for tools and tests in the same process.
     *
     * @return the gateway
     * @throws IllegalStateException if the web application has not started
     */
    public Gateway gateway() {
        return Gateway.from(webapp.getServletContext());
    }

    /**
     * Blocks until the server stops.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops the server, letting the web application shut the gateway down. */
    @Override
    public void close() throws Exception {
        server.stop();
    }
}
