package dev.ditto.config;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The configuration used when none is given: the {@code ditto/echo} demo model, plus OpenAI,
 * Anthropic and Gemini models for each of {@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY} and
 * {@code GEMINI_API_KEY} that is set.
 */
final class DefaultConfig {

    /** The built-in demo model: it answers by echoing the last user message. */
    static final String ECHO_MODEL = "ditto/echo";

    private DefaultConfig() {}

    static ConfigSource source(Function<String, @Nullable String> environment) {
        StringBuilder yaml = new StringBuilder("model_list:\n");
        entry(yaml, ECHO_MODEL, ECHO_MODEL, null);
        if (isSet(environment, "OPENAI_API_KEY")) {
            for (String model : new String[] {"gpt-4.1", "gpt-4.1-mini", "gpt-4o", "gpt-4o-mini", "text-embedding-3-small"}) {
                entry(yaml, model, "openai/" + model, "OPENAI_API_KEY");
            }
        }
        if (isSet(environment, "ANTHROPIC_API_KEY")) {
            for (String model : new String[] {"claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1"}) {
                entry(yaml, model, "anthropic/" + model, "ANTHROPIC_API_KEY");
            }
        }
        if (isSet(environment, "GEMINI_API_KEY")) {
            for (String model : new String[] {"gemini-2.5-pro", "gemini-2.5-flash"}) {
                entry(yaml, model, "gemini/" + model, "GEMINI_API_KEY");
            }
        }
        return new ConfigSource("built-in default", yaml.toString());
    }

    private static void entry(StringBuilder yaml, String name, String model, @Nullable String keyVariable) {
        yaml.append("  - model_name: ").append(name).append('\n')
                .append("    litellm_params:\n")
                .append("      model: ").append(model).append('\n');
        if (keyVariable != null) {
            yaml.append("      api_key: os.environ/").append(keyVariable).append('\n');
        }
    }

    private static boolean isSet(Function<String, @Nullable String> environment, String name) {
        String value = environment.apply(name);
        return value != null && !value.isBlank();
    }
}
