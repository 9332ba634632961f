package dev.ditto.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Parses and validates a configuration document into {@link GatewaySettings}.
 *
 * <p>It reads a LiteLLM proxy {@code config.yaml} unchanged for the parts that overlap. Every
 * problem is collected before failing, each with the path of the field and the reason. Keys
 * LiteLLM knows but Ditto does not act on are accepted with a warning; any other unknown key is
 * an error with a "did you mean" hint. Thread-safe: it holds no state between loads.
 *
 * <pre>{@code
 * GatewaySettings settings = new ConfigLoader(System::getenv).load(ConfigSource.ofFile(path, "--config"));
 * }</pre>
 */
public final class ConfigLoader {

    /** The environment variable holding the master key when {@code general_settings.master_key} is not set. */
    public static final String MASTER_KEY_ENV = "DITTO_MASTER_KEY";
    /**
     * The environment variable naming the Redis server of limits, budgets and invalidations; when
     * it is not set, LiteLLM's {@code REDIS_URL} (then {@code REDIS_HOST}/{@code REDIS_PORT}) is read.
     * {@code router_settings.redis_host} in the config wins over both.
     */
    public static final String REDIS_URL_ENV = "DITTO_REDIS_URL";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Function<String, @Nullable String> environment;

    /**
     * Creates a loader.
     *
     * @param environment resolves {@code os.environ/NAME} and {@code ${NAME}} references and the
     *     variables {@code DATABASE_URL}, {@value #REDIS_URL_ENV}, {@code REDIS_*} and {@value #MASTER_KEY_ENV}; production passes {@code System::getenv}
     */
    public ConfigLoader(Function<String, @Nullable String> environment) {
        this.environment = environment;
    }

    /**
     * Loads and validates a configuration.
     *
     * @param source the document
     * @return the validated settings
     * @throws InvalidConfigException if anything is wrong, listing every problem found
     */
    public GatewaySettings load(ConfigSource source) {
        JsonNode document = parse(source);
        ConfigContext context = new ConfigContext(environment);
        ConfigReader fileVariables = new ConfigReader(document, "", context);
        context = context.withFileVariables(fileVariables.stringMap("environment_variables"));
        ConfigReader root = new ConfigReader(document, "", context);
        root.raw("environment_variables");

        List<ModelDeployment> models = ModelListReader.read(root);
        RouterSettings router = RouterSettings.read(root.object("router_settings"));
        LitellmSettings litellm = LitellmSettings.read(root.object("litellm_settings"));
        GeneralSettings general = withEnvironment(GeneralSettings.read(root.object("general_settings")), context);
        DittoSettings ditto = DittoSettings.read(root.object("ditto"), general.masterKey());
        RedisEndpoint redis = redisEndpoint(router, context);
        root.ignore("not supported by Ditto", "callback_settings", "guardrails", "credential_list", "mcp_servers",
                "prompts", "vector_store_registry", "search_tools", "model_group_settings");
        if (root.has("include")) {
            context.problem("include", "is not supported; put the included model_list entries in this file");
        }
        root.finish();

        validateReferences(models, router, litellm, context);
        validateLimitModels(models, ditto.limits(), context);
        checkPassthrough(DittoSettings.PassthroughSettings.FILES_DEPLOYMENT, ditto.passthrough().filesDeployment(),
                models, context);
        checkPassthrough(DittoSettings.PassthroughSettings.RESPONSES_DEPLOYMENT,
                ditto.passthrough().responsesDeployment(), models, context);
        if (!context.problems().isEmpty()) {
            throw new InvalidConfigException(source.description(), context.problems());
        }
        if (models.isEmpty()) {
            context.warning("model_list", "no models are configured; every request will be refused");
        }
        return new GatewaySettings(source.description(), models, router, litellm, general, ditto, redis,
                context.warnings());
    }

    private static JsonNode parse(ConfigSource source) {
        try {
            JsonNode document = YAML.readTree(source.yaml());
            if (document == null || document.isMissingNode() || document.isNull()) {
                return YAML.createObjectNode();
            }
            if (!document.isObject()) {
                throw new InvalidConfigException(source.description(), List.of(new ConfigProblem("",
                        "the document must be a mapping with keys such as model_list, got " + ConfigReader.describe(document))));
            }
            return document;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": ";
            throw new InvalidConfigException(source.description(), List.of(
                    new ConfigProblem("", "not valid YAML: " + where + e.getOriginalMessage())));
        }
    }

    private static GeneralSettings withEnvironment(GeneralSettings general, ConfigContext context) {
        GeneralSettings withKey = general;
        if (general.masterKey() == null) {
            // DITTO_MASTER_KEY, or LiteLLM's LITELLM_MASTER_KEY for a team migrating with its environment.
            String key = context.env(MASTER_KEY_ENV);
            if (key == null || key.isBlank()) {
                key = context.env("LITELLM_MASTER_KEY");
            }
            if (key != null && !key.isBlank()) {
                withKey = new GeneralSettings(Secret.of(key), general.databaseUrl(),
                        general.databaseConnectionPoolLimit(), general.maxRequestSizeMb());
            }
        }
        String fromEnv = context.env("DATABASE_URL");
        if (withKey.databaseUrl() != null || fromEnv == null || fromEnv.isBlank()) {
            return withKey;
        }
        return new GeneralSettings(withKey.masterKey(), Secret.of(fromEnv), withKey.databaseConnectionPoolLimit(),
                withKey.maxRequestSizeMb());
    }

    private static @Nullable RedisEndpoint redisEndpoint(RouterSettings router, ConfigContext context) {
        if (router.redisHost() != null) {
            int port = router.redisPort() != null ? router.redisPort() : RedisEndpoint.DEFAULT_PORT;
            return new RedisEndpoint(null, router.redisHost(), port, router.redisPassword());
        }
        // Ditto's own variable first, then LiteLLM's, so a team migrating keeps its environment.
        String variable = REDIS_URL_ENV;
        String url = context.env(REDIS_URL_ENV);
        if (url == null || url.isBlank()) {
            variable = "REDIS_URL";
            url = context.env(variable);
        }
        if (url != null && !url.isBlank()) {
            URI uri;
            try {
                uri = new URI(url.trim());
            } catch (URISyntaxException e) {
                context.problem(variable, "is not a valid URL: " + e.getReason());
                return null;
            }
            if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
                context.problem(variable, "must be a redis:// or rediss:// URL with a host, such as redis://127.0.0.1:6379");
                return null;
            }
            return new RedisEndpoint(Secret.of(url.trim()), null, RedisEndpoint.DEFAULT_PORT, null);
        }
        String host = context.env("REDIS_HOST");
        if (host == null || host.isBlank()) {
            return null;
        }
        String port = context.env("REDIS_PORT");
        String password = context.env("REDIS_PASSWORD");
        try {
            return new RedisEndpoint(null, host, port == null ? RedisEndpoint.DEFAULT_PORT : Integer.parseInt(port.trim()),
                    password == null || password.isEmpty() ? null : Secret.of(password));
        } catch (NumberFormatException e) {
            context.problem("REDIS_PORT", "expected a port number, got '" + port + "'");
            return null;
        }
    }

    private static void validateReferences(
            List<ModelDeployment> models, RouterSettings router, LitellmSettings litellm, ConfigContext context) {
        Set<String> names = new LinkedHashSet<>();
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < models.size(); i++) {
            ModelDeployment model = models.get(i);
            names.add(model.modelName());
            Integer previous = ids.putIfAbsent(model.id(), i);
            if (previous != null) {
                context.problem("model_list[" + i + "]", "deployment id '" + model.id()
                        + "' is already used by model_list[" + previous + "]; give each a distinct model_info.id");
            }
        }
        checkFallbacks("router_settings.fallbacks", router.fallbacks(), names, context);
        checkFallbacks("litellm_settings.fallbacks", litellm.fallbacks(), names, context);
        checkFallbacks("litellm_settings.context_window_fallbacks", litellm.contextWindowFallbacks(), names, context);
        checkFallbacks("litellm_settings.content_policy_fallbacks", litellm.contentPolicyFallbacks(), names, context);
        for (int i = 0; i < litellm.defaultFallbacks().size(); i++) {
            checkName("litellm_settings.default_fallbacks[" + i + "]", litellm.defaultFallbacks().get(i), names, context);
        }
    }

    /** A per-model limit for a model that is not served would silently never apply. */
    private static void validateLimitModels(List<ModelDeployment> models, LimitsSettings limits, ConfigContext context) {
        Set<String> names = new LinkedHashSet<>();
        models.forEach(model -> names.add(model.modelName()));
        limits.scopes().forEach((kind, scope) -> scope.models().keySet().forEach(model ->
                checkName("ditto.limits." + kind + ".models." + model, model, names, context)));
    }

    /** A passthrough account names a deployment, by group or id, whose provider speaks OpenAI's API. */
    private static void checkPassthrough(String path, @Nullable String reference, List<ModelDeployment> models,
            ConfigContext context) {
        if (reference == null) {
            return;
        }
        ModelDeployment target = DittoSettings.PassthroughSettings.find(reference, models).orElse(null);
        if (target == null) {
            Set<String> known = new LinkedHashSet<>();
            models.forEach(model -> known.add(model.modelName()));
            context.problem(path, Suggestions.hint("no model_name or model_info.id '" + reference + "' in model_list",
                    reference, known));
        } else if (!ProviderNames.speaksOpenAi(target.litellmParams().provider())) {
            context.problem(path, "'" + reference + "' is a " + target.litellmParams().provider()
                    + " deployment; passthrough needs an OpenAI-compatible one (openai, azure, hosted_vllm, ...)");
        }
    }

    private static void checkFallbacks(String path, List<Fallback> rules, Set<String> names, ConfigContext context) {
        for (int i = 0; i < rules.size(); i++) {
            Fallback rule = rules.get(i);
            String rulePath = path + "[" + i + "]";
            checkName(rulePath + "." + rule.modelName(), rule.modelName(), names, context);
            List<String> targets = new ArrayList<>(rule.fallbacks());
            for (int j = 0; j < targets.size(); j++) {
                checkName(rulePath + "." + rule.modelName() + "[" + j + "]", targets.get(j), names, context);
            }
        }
    }

    private static void checkName(String path, String name, Set<String> names, ConfigContext context) {
        if (!names.contains(name) && !name.equals("*")) {
            context.problem(path, Suggestions.hint("model '" + name + "' is not in model_list", name, names));
        }
    }
}
