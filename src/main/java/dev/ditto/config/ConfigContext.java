package dev.ditto.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * State shared by the readers of one configuration document: the environment used to resolve
 * references, and the problems and warnings found so far. Not thread-safe; used by one loader.
 */
final class ConfigContext {

    static final String OS_ENVIRON_PREFIX = "os.environ/";
    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Function<String, @Nullable String> environment;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();

    ConfigContext(Function<String, @Nullable String> environment) {
        this.environment = environment;
    }

    /** Layers variables from the file's own {@code environment_variables} over the process environment. */
    ConfigContext withFileVariables(Map<String, String> fileVariables) {
        if (fileVariables.isEmpty()) {
            return this;
        }
        // LiteLLM copies environment_variables into os.environ, so they win over the process's own.
        ConfigContext layered = new ConfigContext(name -> {
            String fromFile = fileVariables.get(name);
            return fromFile != null ? fromFile : environment.apply(name);
        });
        layered.problems.addAll(problems);
        layered.warnings.addAll(warnings);
        return layered;
    }

    void problem(String path, String message) {
        problems.add(new ConfigProblem(path, message));
    }

    void warning(String path, String message) {
        warnings.add(new ConfigProblem(path, message));
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    List<ConfigProblem> warnings() {
        return warnings;
    }

    @Nullable String env(String name) {
        return environment.apply(name);
    }

    /**
     * Resolves {@code os.environ/NAME} (the whole value) and {@code ${NAME}} or
     * {@code ${NAME:-default}} (anywhere in the value). Returns null, after recording a problem,
     * when a referenced variable is not set.
     */
    @Nullable String resolve(String path, String raw) {
        if (raw.startsWith(OS_ENVIRON_PREFIX)) {
            String name = raw.substring(OS_ENVIRON_PREFIX.length()).trim();
            String value = environment.apply(name);
            if (value == null) {
                problem(path, "environment variable " + name + " is not set (referenced as '" + raw + "')");
            }
            return value;
        }
        if (raw.indexOf("${") < 0) {
            return raw;
        }
        Matcher matcher = PLACEHOLDER.matcher(raw);
        StringBuilder out = new StringBuilder();
        boolean missing = false;
        while (matcher.find()) {
            String value = environment.apply(matcher.group(1));
            if (value == null) {
                value = matcher.group(2);
            }
            if (value == null) {
                problem(path, "environment variable " + matcher.group(1) + " is not set (referenced as '"
                        + matcher.group() + "'; write ${" + matcher.group(1) + ":-default} to give a default)");
                missing = true;
                value = "";
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return missing ? null : out.toString();
    }
}
