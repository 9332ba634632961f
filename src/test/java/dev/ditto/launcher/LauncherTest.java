package dev.ditto.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ditto.testing.GatewayServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Launcher.run(args, GatewayServer.webappDir(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void parsesEveryOptionInBothSpellings() throws Exception {
        LauncherOptions options = LauncherOptions.parse(
                new String[] {"--config", "c.yaml", "--host=0.0.0.0", "--port", "8080", "--data-dir=/d"});

        assertThat(options.overrides().configFile()).isEqualTo(Path.of("c.yaml"));
        assertThat(options.overrides().host()).isEqualTo("0.0.0.0");
        assertThat(options.overrides().port()).isEqualTo(8080);
        assertThat(options.overrides().dataDir()).isEqualTo(Path.of("/d"));
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--port", "x"})).hasMessageContaining("'x'");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--prot", "1"})).hasMessageContaining("--prot");
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--config"})).hasMessageContaining("needs a value");
    }

    @Test
    void badConfigExitsWithStatus2NamingTheField() throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                model_list:
                  - model_name: a
                    litellm_params: {model: openai/gpt-4o}
                  - model_name: b
                    litellm_params: {model: openai/gpt-4o, api_base: "not a url"}
                """);

        int status = run("--config", config.toString(), "--port", "0");

        assertThat(status).isEqualTo(Launcher.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("model_list[1].litellm_params.api_base", config.toString());
    }

    @Test
    void unknownOptionPrintsUsage() {
        assertThat(run("--bogus")).isEqualTo(Launcher.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--bogus'", "Usage:");
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--data-dir");
    }
}
