package dev.ditto.ops;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reloads the configuration from where it was read at startup, for {@code POST
 * /admin/config/reload} and the gateway MBean's {@code reloadConfig}. A reload that fails to
 * validate changes nothing; one that validates replaces the routes (the model list, routing,
 * retries, fallbacks, prices) for the requests that start afterwards, while requests in flight
 * finish on the routes they started with. Every attempt is audited as
 * {@code system.config_reload}. Reloads are serialized; thread-safe.
 */
public interface ConfigReload {

    /**
     * Reloads the configuration.
     *
     * @param who who asked, for the audit log and the log
     * @return what the reload changed
     * @throws Failed if the configuration cannot be read or does not validate; nothing changed
     */
    Result reload(Requester who);

    /**
     * Who asked for a reload.
     *
     * @param actor an administrator's name, or {@code jmx}
     * @param role the role they acted in, such as {@code proxy_admin} or {@code jmx}
     * @param via {@code endpoint} or {@code jmx}
     * @param requestId the HTTP request's id, if any
     * @param clientAddress the client's address, if any
     */
    record Requester(String actor, String role, String via, @Nullable String requestId, @Nullable String clientAddress) {}

    /**
     * What a reload did.
     *
     * @param source where the configuration was read from
     * @param applied whether the routes were replaced (false when nothing they depend on changed)
     * @param models how many model names are served now
     * @param deployments how many deployments are configured now
     * @param added ids of the deployments added
     * @param removed ids of the deployments removed
     * @param changed ids of the deployments whose settings changed
     * @param restartRequired settings that changed but apply only at the next start
     * @param warnings what the reloaded configuration accepts but ignores, one line each
     */
    record Result(String source, boolean applied, int models, int deployments, List<String> added, List<String> removed,
            List<String> changed, List<String> restartRequired, List<String> warnings) {

        /** Copies the lists. */
        public Result {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            changed = List.copyOf(changed);
            restartRequired = List.copyOf(restartRequired);
            warnings = List.copyOf(warnings);
        }

        /**
         * Says what the reload did in one line, for logs and JMX consoles.
         *
         * @return such as {@code Reloaded from file ...: 3 models, 4 deployments (added 1, removed 0, changed 1)}
         */
        public String summary() {
            String head = (applied ? "Reloaded" : "Unchanged") + " from " + source + ": " + models + " models, "
                    + deployments + " deployments (added " + added.size() + ", removed " + removed.size() + ", changed "
                    + changed.size() + ")";
            return restartRequired.isEmpty() ? head
                    : head + "; restart to apply " + String.join(", ", restartRequired);
        }
    }

    /** A reload that changed nothing because the configuration could not be read or is invalid. */
    final class Failed extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /** Where the configuration was read from. */
        private final String source;
        /** Why, one problem per entry (a field path and the reason). */
        private final List<String> problems;

        /**
         * Creates the failure.
         *
         * @param source where the configuration was read from
         * @param problems one entry per problem
         */
        public Failed(String source, List<String> problems) {
            super("The configuration was not reloaded (" + source + "), nothing changed: " + String.join("; ", problems));
            this.source = source;
            this.problems = List.copyOf(problems);
        }

        /**
         * Returns where the configuration was read from.
         *
         * @return such as {@code file /etc/ditto/config.yaml (--config)}
         */
        public String source() {
            return source;
        }

        /**
         * Returns the problems found.
         *
         * @return one entry per problem, such as {@code model_list[1].litellm_params.model: is required}
         */
        public List<String> problems() {
            return problems;
        }
    }
}
