package dev.ditto.gateway;

import dev.ditto.control.admin.Administration;
import jakarta.servlet.ServletContext;
import java.util.Objects;

/**
 * What the admin API needs besides the {@link Gateway}: the control plane's admin operations
 * on the database, with the key hasher and the key announcements of the data plane. Built by
 * the composition root and put in the servlet context under {@link #ATTRIBUTE}. Immutable.
 *
 * @param administration the admin operations
 */
public record AdminServices(Administration administration) {

    /** The servlet context attribute the composition root stores the services under. */
    public static final String ATTRIBUTE = AdminServices.class.getName();

    /** Checks the fields. */
    public AdminServices {
        Objects.requireNonNull(administration, "administration");
    }

    /**
     * Returns the services stored in a servlet context.
     *
     * @param context the servlet context
     * @return the services
     * @throws IllegalStateException if the composition root has not stored them
     */
    public static AdminServices from(ServletContext context) {
        if (!(context.getAttribute(ATTRIBUTE) instanceof AdminServices services)) {
            throw new IllegalStateException("no " + ATTRIBUTE + " in the servlet context: the "
                    + "dev.ditto.GatewayContextListener must be declared in web.xml and must have started");
        }
        return services;
    }
}
