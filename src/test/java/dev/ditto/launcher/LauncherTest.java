package dev.ditto.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ditto.testing.AuditFiles;
import dev.ditto.testing.GatewayServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void verifyAuditChecksAnExportWithoutConfigurationDatabaseOrServer() throws Exception {
        List<String> lines = AuditFiles.chain(5);
        Path plain = AuditFiles.write(dir.resolve("audit.jsonl"), lines, false);
        Path gzipped = AuditFiles.write(dir.resolve("audit.jsonl.gz"), lines, true);
        List<String> edited = new ArrayList<>(lines);
        edited.set(2, edited.get(2).replace("key_2", "key_9"));
        Path tampered = AuditFiles.write(dir.resolve("tampered.jsonl"), edited, false);

        assertThat(run("verify-audit", plain.toString())).isZero();
        assertThat(run("verify-audit", gzipped.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("OK 5 records, last hash ")
                .doesNotContain("Ditto listening");
        assertThat(run("verify-audit", tampered.toString())).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAIL line 3 (id aud_2)", "expected hash: ",
                "actual hash: ");
        assertThat(run("verify-audit", dir.resolve("missing.jsonl").toString())).isEqualTo(2);
        assertThat(run("verify-audit")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no such file", "Usage: java -jar ditto-gateway.war verify-audit");
        assertThat(Files.exists(dir.resolve("data"))).isFalse();
    }
}
