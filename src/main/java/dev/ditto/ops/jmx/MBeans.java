package dev.ditto.ops.jmx;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one gateway's MBeans as {@code dev.ditto:type=<type>,name=<name>}, where the name
 * tells apart the gateways of one JVM (the web application's context path in an app server,
 * else the node id), and unregisters them all on {@link #close()}. A registration that fails,
 * such as a name still held by another deployment, is logged as a warning and skipped: JMX is
 * for operators, never a reason not to serve.
 *
 * <pre>{@code
 * try (MBeans mbeans = new MBeans(ManagementFactory.getPlatformMBeanServer(), "ditto")) {
 *     mbeans.register("Gateway", new GatewayBean(...));
 * }
 * }</pre>
 *
 * <p>Not thread-safe: the composition root registers at start and closes at stop.
 */
public final class MBeans implements AutoCloseable {

    /** The JMX domain of every Ditto MBean. */
    public static final String DOMAIN = "dev.ditto";

    private static final Logger LOG = LoggerFactory.getLogger(MBeans.class);

    private final MBeanServer server;
    private final String name;
    private final Deque<ObjectName> registered = new ArrayDeque<>();

    /**
     * Creates the helper.
     *
     * @param server where to register, usually {@code ManagementFactory.getPlatformMBeanServer()}
     * @param name the value of the {@code name} key, such as a context path without its slash
     */
    public MBeans(MBeanServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /**
     * Returns the object name an MBean of a type gets.
     *
     * @param type the {@code type} key, such as {@code Gateway}
     * @return {@code dev.ditto:type=<type>,name=<name>}, the name quoted if it needs to be
     * @throws IllegalArgumentException if the type is not a valid key value
     */
    public ObjectName objectName(String type) {
        try {
            return new ObjectName(DOMAIN + ":type=" + type + ",name=" + quoteIfNeeded(name));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not a valid MBean type '" + type + "': " + e.getMessage(), e);
        }
    }

    /**
     * Registers an MBean (an object implementing a {@code *MXBean} or {@code *MBean}
     * interface), or warns.
     *
     * @param type the {@code type} key, such as {@code Deployments}
     * @param mbean the MBean
     * @return its name, or empty when it could not be registered (the warning says why)
     */
    public Optional<ObjectName> register(String type, Object mbean) {
        ObjectName objectName = objectName(type);
        if (server.isRegistered(objectName)) {
            LOG.warn("event=mbean_not_registered name=\"{}\" reason=\"the name is taken, by another deployment in "
                    + "this JVM or one that did not stop\"", objectName);
            return Optional.empty();
        }
        try {
            server.registerMBean(mbean, objectName);
        } catch (JMException | RuntimeException e) {
            LOG.warn("event=mbean_not_registered name=\"{}\" error=\"{}\"", objectName, e.toString());
            return Optional.empty();
        }
        registered.push(objectName);
        return Optional.of(objectName);
    }

    /** Unregisters every MBean this helper registered, newest first; safe to call twice. */
    @Override
    public void close() {
        while (!registered.isEmpty()) {
            ObjectName objectName = registered.pop();
            try {
                server.unregisterMBean(objectName);
            } catch (JMException | RuntimeException e) {
                LOG.warn("event=mbean_not_unregistered name=\"{}\" error=\"{}\"", objectName, e.toString());
            }
        }
    }

    private static String quoteIfNeeded(String value) {
        for (char c : value.toCharArray()) {
            if (",=:\"*?\\\n".indexOf(c) >= 0) {
                return ObjectName.quote(value);
            }
        }
        return value.isEmpty() ? ObjectName.quote(value) : value;
    }
}
