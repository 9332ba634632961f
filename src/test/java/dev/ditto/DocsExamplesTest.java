package dev.ditto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.config.ConfigChanges;
import dev.ditto.config.ConfigLoader;
import dev.ditto.config.ConfigSource;
import dev.ditto.config.GatewaySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every {@code yaml} example in docs/ and the README loads as a valid configuration. */
class DocsExamplesTest {

    /** The variables the examples reference, as an operator would have set them. */
    private static final java.util.Map<String, String> ENVIRONMENT = java.util.Map.ofEntries(
            java.util.Map.entry("OPENAI_API_KEY", "sk-openai"),
            java.util.Map.entry("AZURE_API_KEY", "azure-key"),
            java.util.Map.entry("ANTHROPIC_API_KEY", "sk-ant"),
            java.util.Map.entry("VLLM_API_KEY", "vllm-key"),
            java.util.Map.entry("REDIS_HOST", "redis.internal"),
            java.util.Map.entry("REDIS_PASSWORD", "redis-pw"),
            java.util.Map.entry("DITTO_MASTER_KEY", "sk-master"),
            java.util.Map.entry("DATABASE_URL", "postgresql://ditto:pw@db:5432/ditto"),
            java.util.Map.entry("DITTO_DB_PASSWORD", "db-pw"),
            java.util.Map.entry("DITTO_KEY_PEPPER", "pepper-for-the-docs-0123"),
            java.util.Map.entry("DITTO_METRICS_TOKEN", "scrape-token"),

            java.util.Map.entry("DITTO_ADMIN_TOKEN_CI", "ci-0123456789abcdef0123456789abcdef"),
            java.util.Map.entry("DITTO_ADMIN_TOKEN_FINANCE", "fi-0123456789abcdef0123456789abcdef"),
            java.util.Map.entry("DITTO_ADMIN_TOKEN_ACME", "ac-0123456789abcdef0123456789abcdef"));

    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    static Stream<String> examples() throws IOException {
        List<String> examples = new ArrayList<>();
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        for (Path file : files) {
            Matcher matcher = YAML_BLOCK.matcher(Files.readString(file));
            while (matcher.find()) {
                examples.add(file + "\n" + matcher.group(1));
            }
        }
        return examples.stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void loads(String example) {
        String yaml = example.substring(example.indexOf('\n') + 1);

        GatewaySettings settings = new ConfigLoader(ENVIRONMENT::get)
                .load(new ConfigSource(example.substring(0, example.indexOf('\n')), yaml));

        // A fragment such as the ditto: section alone may have no models; nothing else may warn.
        assertThat(settings.warnings()).allSatisfy(warning -> assertThat(warning.path()).isEqualTo("model_list"));
        // Reloading the same file changes nothing: every setting compares equal to itself loaded again.
        GatewaySettings again = new ConfigLoader(ENVIRONMENT::get).load(new ConfigSource("again", yaml));
        assertThat(ConfigChanges.between(settings, again)).isEqualTo(new ConfigChanges(List.of(), List.of(), List.of(), false));
        assertThat(ConfigChanges.restartRequired(settings, again)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void docsHaveExamples() throws IOException {
        assertThat(examples()).hasSizeGreaterThanOrEqualTo(4);
    }
}
