package dev.ditto.launcher;

import dev.ditto.config.AdminSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * The embedded launcher's stand-in for an app server realm ({@code ditto.admin.realm.jetty_users_file}):
 * a Jetty {@code HashLoginService} reading a properties file ({@code user: password,role,...}),
 * with HTTP BASIC sign-in.
 *
 * <p>The sign-in is optional, not a constraint: a request without BASIC credentials passes the
 * container untouched, so admin tokens and the master key keep working on {@code /admin/*}, and
 * the gateway asks for the user only when no token was sent (Jetty checks the credentials then,
 * lazily). A wrong password therefore reaches the gateway as "nobody signed in", which it
 * answers with a 401 and the BASIC challenge.
 */
final class AdminRealm {

    private AdminRealm() {}

    /**
     * Builds the security handler.
     *
     * @param usersFile the properties file
     * @param resources resolves the file for Jetty
     * @return a handler for the web application
     * @throws IllegalArgumentException if the file cannot be read
     */
    static ConstraintSecurityHandler basic(Path usersFile, ResourceFactory resources) {
        if (!Files.isRegularFile(usersFile) || !Files.isReadable(usersFile)) {
            throw new IllegalArgumentException("ditto.admin.realm.jetty_users_file: cannot read " + usersFile.toAbsolutePath()
                    + "; it must be a properties file of lines 'user: password,role,...'");
        }
        HashLoginService users = new HashLoginService(AdminSettings.Realm.REALM_NAME, resources.newResource(usersFile));
        ConstraintSecurityHandler security = new ConstraintSecurityHandler();
        security.setRealmName(AdminSettings.Realm.REALM_NAME);
        security.setLoginService(users);
        security.setAuthenticator(new BasicAuthenticator());
        ConstraintMapping admin = new ConstraintMapping();
        admin.setPathSpec("/admin/*");
        // Allowed, not required: see the class comment.
        admin.setConstraint(Constraint.ALLOWED);
        security.addConstraintMapping(admin);
        return security;
    }
}
