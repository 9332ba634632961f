package dev.ditto.gateway.relay;

import dev.ditto.config.DittoSettings;
import dev.ditto.config.GatewaySettings;
import dev.ditto.config.ModelDeployment;
import dev.ditto.config.ProviderNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One passthrough route of the OpenAI API: its path (relative to the API root, ids as
 * {@code {id}}), the methods it takes, and how it is routed. Model-scoped routes name a model
 * group in their body and go through the router; account-wide routes name no model and go to
 * one configured deployment.
 *
 * @param template the path, such as {@code /files/{id}/content}; also the route recorded for the request
 * @param methods the HTTP methods it takes
 * @param kind how the body names the model
 * @param account where the request goes when it names no model; null when it must name one
 */
record ProxyRoute(String template, Set<String> methods, Kind kind, @Nullable Account account) {

    /** How a route finds its model. */
    enum Kind {
        /** A JSON body with {@code model}. */
        MODEL_JSON,
        /** A multipart form with a {@code model} field. */
        MODEL_FORM,
        /** No model: the account's objects (files, batches, stored responses). */
        ACCOUNT
    }

    /** The upstream account a route without a model goes to. */
    enum Account {
        /** Files and batches (a batch reads its input file): {@code ditto.passthrough.files_deployment}. */
        FILES(DittoSettings.PassthroughSettings.FILES_DEPLOYMENT),
        /** Stored Responses API objects: {@code ditto.passthrough.responses_deployment}. */
        RESPONSES(DittoSettings.PassthroughSettings.RESPONSES_DEPLOYMENT);

        private final String setting;

        Account(String setting) {
            this.setting = setting;
        }

        /** The setting that names the deployment, for messages. */
        String setting() {
            return setting;
        }

        /**
         * The deployment this account's requests go to: the configured one, else the first
         * OpenAI-compatible deployment (files) or the first {@code openai} one (responses).
         */
        Optional<ModelDeployment> target(GatewaySettings settings) {
            DittoSettings.PassthroughSettings passthrough = settings.ditto().passthrough();
            String configured = this == FILES ? passthrough.filesDeployment() : passthrough.responsesDeployment();
            if (configured != null) {
                return DittoSettings.PassthroughSettings.find(configured, settings.modelList());
            }
            return settings.modelList().stream().filter(deployment -> this == FILES
                    ? ProviderNames.speaksOpenAi(deployment.litellmParams().provider())
                    : ProviderNames.OPENAI.equals(deployment.litellmParams().provider())).findFirst();
        }
    }

    /** An object id in a path: no slash, no leading dot (so never {@code ..}). */
    private static final String ID = "[A-Za-z0-9_][A-Za-z0-9._:-]{0,255}";
    private static final Set<String> POST = Set.of("POST");
    private static final Map<ProxyRoute, Pattern> ROUTES = routes(
            new ProxyRoute("/images/generations", POST, Kind.MODEL_JSON, null),
            new ProxyRoute("/images/edits", POST, Kind.MODEL_FORM, null),
            new ProxyRoute("/images/variations", POST, Kind.MODEL_FORM, null),
            new ProxyRoute("/audio/speech", POST, Kind.MODEL_JSON, null),
            new ProxyRoute("/audio/transcriptions", POST, Kind.MODEL_FORM, null),
            new ProxyRoute("/audio/translations", POST, Kind.MODEL_FORM, null),
            // OpenAI picks its default moderation model when none is named: the files account's.
            new ProxyRoute("/moderations", POST, Kind.MODEL_JSON, Account.FILES),
            new ProxyRoute("/rerank", POST, Kind.MODEL_JSON, null),
            new ProxyRoute("/files", Set.of("GET", "POST"), Kind.ACCOUNT, Account.FILES),
            new ProxyRoute("/files/{id}", Set.of("GET", "DELETE"), Kind.ACCOUNT, Account.FILES),
            new ProxyRoute("/files/{id}/content", Set.of("GET"), Kind.ACCOUNT, Account.FILES),
            new ProxyRoute("/batches", Set.of("GET", "POST"), Kind.ACCOUNT, Account.FILES),
            new ProxyRoute("/batches/{id}", Set.of("GET"), Kind.ACCOUNT, Account.FILES),
            new ProxyRoute("/batches/{id}/cancel", POST, Kind.ACCOUNT, Account.FILES),
            new ProxyRoute("/responses/{id}", Set.of("GET", "DELETE"), Kind.ACCOUNT, Account.RESPONSES),
            new ProxyRoute("/responses/{id}/input_items", Set.of("GET"), Kind.ACCOUNT, Account.RESPONSES),
            new ProxyRoute("/responses/{id}/cancel", POST, Kind.ACCOUNT, Account.RESPONSES));

    /** Copies the methods. */
    ProxyRoute {
        methods = Set.copyOf(methods);
    }

    /**
     * Finds the route of an API path.
     *
     * @param path the request path without the {@code /v1} prefix, still percent-encoded
     * @return the route, or empty when the path is not a passthrough route
     */
    static Optional<ProxyRoute> find(String path) {
        for (Map.Entry<ProxyRoute, Pattern> route : ROUTES.entrySet()) {
            if (route.getValue().matcher(path).matches()) {
                return Optional.of(route.getKey());
            }
        }
        return Optional.empty();
    }

    /** The route as recorded and admitted: {@code /v1} and the template, so ids do not multiply routes. */
    String recorded() {
        return "/v1" + template;
    }

    /** Whether the route sends the deployment's model to the upstream (and maps the URL by it, on Azure). */
    boolean modelScoped() {
        return kind != Kind.ACCOUNT;
    }

    private static Map<ProxyRoute, Pattern> routes(ProxyRoute... routes) {
        Map<ProxyRoute, Pattern> compiled = new LinkedHashMap<>();
        for (ProxyRoute route : List.of(routes)) {
            compiled.put(route, Pattern.compile(route.template().replace("{id}", ID)));
        }
        return java.util.Collections.unmodifiableMap(compiled);
    }
}
