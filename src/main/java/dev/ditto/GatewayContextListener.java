package dev.ditto;

import dev.ditto.config.ConfigLoader;
import dev.ditto.config.ConfigLocator;
import dev.ditto.config.ConfigSource;
import dev.ditto.config.GatewaySettings;
import dev.ditto.config.InvalidConfigException;
import dev.ditto.gateway.AdminServices;
import dev.ditto.gateway.Gateway;
import dev.ditto.sdk.Ticker;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collections;
import java.util.function.Supplier;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops the gateway with the web application (declared in web.xml). In an app
 * server it finds the configuration itself ({@link ConfigLocator}) and uses the container's
 * DataSource when one is bound; under the launcher it takes the settings the launcher already
 * loaded and validated. On undeploy it closes everything the assembly opened and deregisters
 * the JDBC drivers this web application loaded, so redeploys leak nothing.
 */
public final class GatewayContextListener implements ServletContextListener {

    /** Servlet context attribute through which the launcher hands over validated settings. */
    public static final String SETTINGS_ATTRIBUTE = "dev.ditto.settings";
    /**
     * Servlet context attribute through which the launcher hands over how to read the
     * configuration again (a {@code Supplier<GatewaySettings>}), for reloads.
     */
    public static final String RELOAD_ATTRIBUTE = "dev.ditto.settingsReader";
    /** Servlet context attribute through which the launcher hands over the data directory. */
    public static final String DATA_DIR_ATTRIBUTE = "dev.ditto.dataDir";

    private static final Logger LOG = LoggerFactory.getLogger(GatewayContextListener.class);

    private @Nullable GatewayAssembly assembly;
    private boolean embedded;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        try {
            Object handedOver = context.getAttribute(SETTINGS_ATTRIBUTE);
            HostEnvironment host;
            GatewaySettings settings;
            @Nullable Supplier<GatewaySettings> reader;
            if (handedOver instanceof GatewaySettings launcherSettings) {
                embedded = true;
                settings = launcherSettings;
                reader = settingsReader(context.getAttribute(RELOAD_ATTRIBUTE));
                Object dataDir = context.getAttribute(DATA_DIR_ATTRIBUTE);
                host = HostEnvironment.standalone(dataDir instanceof Path path ? path : Path.of("data"));
            } else {
                // Located once: a reload reads the same file again, whatever a JMX thread's JNDI would say.
                ConfigSource source = locateInContainer(context);
                ConfigLoader loader = new ConfigLoader(System::getenv);
                settings = loader.load(source);
                reader = () -> loader.load(source.reread());
                String jndiName = settings.ditto().database().jndiName();
                DataSource dataSource = lookup(jndiName, DataSource.class);
                host = new HostEnvironment(containerDataDir(), dataSource, jndiName, Clock.systemUTC(), Ticker.system(),
                        System::getenv, context.getContextPath());
            }
            assembly = new GatewayAssembly(settings, host, reader);
            context.setAttribute(Gateway.ATTRIBUTE, assembly.gateway());
            context.setAttribute(AdminServices.ATTRIBUTE, assembly.adminServices());
        } catch (InvalidConfigException e) {
            LOG.error("event=startup_failed reason=invalid_configuration\n{}", e.getMessage());
            throw e;
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().removeAttribute(Gateway.ATTRIBUTE);
        event.getServletContext().removeAttribute(AdminServices.ATTRIBUTE);
        if (assembly != null) {
            assembly.close();
            assembly = null;
        }
        if (!embedded) {
            awaitOwnThreads(java.time.Duration.ofSeconds(5));
            // Under the launcher the drivers belong to the process, not to this web application.
            deregisterDrivers();
            // Last: nothing of ours may bootstrap a record method after this.
            RecordMethodCaches.release();
        }
    }

    private static ConfigSource locateInContainer(ServletContext context) {
        ConfigLocator locator = new ConfigLocator(System::getProperty, System::getenv,
                () -> context.getInitParameter(ConfigLocator.PROPERTY),
                () -> lookup(ConfigLocator.JNDI_NAME, String.class));
        return locator.locate(null);
    }

    /** The launcher's reader, or null when it handed over settings it cannot read again. */
    @SuppressWarnings("unchecked")
    private static @Nullable Supplier<GatewaySettings> settingsReader(@Nullable Object handedOver) {
        return handedOver instanceof Supplier<?> supplier ? (Supplier<GatewaySettings>) supplier : null;
    }

    private static <T> @Nullable T lookup(String name, Class<T> type) {
        try {
            Object value = new InitialContext().lookup(name);
            return type.isInstance(value) ? type.cast(value) : null;
        } catch (NamingException | RuntimeException e) {
            return null;
        }
    }

    /** The app server's own data directory when it has one, else one under the user's home. */
    static Path containerDataDir() {
        String jboss = System.getProperty("jboss.server.data.dir");
        if (jboss != null) {
            return Path.of(jboss, "ditto");
        }
        for (String base : new String[] {"catalina.base", "jetty.base"}) {
            String dir = System.getProperty(base);
            if (dir != null) {
                return Path.of(dir, "data", "ditto");
            }
        }
        return Path.of(System.getProperty("user.home"), ".ditto", "data");
    }

    /**
     * Pools told to stop (Hikari's "ditto:connection-closer", the relay timers) finish their last
     * task on their own threads; the container checks for leftover threads as soon as this
     * listener returns, so wait, within a bound, for the ones this WAR named to end.
     */
    private void awaitOwnThreads(java.time.Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        ClassLoader ours = getClass().getClassLoader();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread == Thread.currentThread() || !thread.getName().startsWith("ditto")
                    || thread.getContextClassLoader() != ours) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                thread.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                LOG.warn("event=thread_still_running thread=\"{}\"", thread.getName());
            }
        }
    }

    private void deregisterDrivers() {
        ClassLoader ours = getClass().getClassLoader();
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() != ours) {
                continue;
            }
            try {
                DriverManager.deregisterDriver(driver);
            } catch (SQLException e) {
                LOG.warn("event=driver_deregistration_failed driver={} error=\"{}\"", driver.getClass().getName(), e.toString());
            }
        }
    }
}
