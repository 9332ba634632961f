package dev.ditto.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLocatorTest {

    @TempDir
    Path dir;

    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private String initParam;
    private String jndi;
    private Path cli;
    private Path sysprop;
    private Path envFile;
    private Path initFile;
    private Path jndiFile;

    @BeforeEach
    void files() throws IOException {
        cli = write("cli.yaml");
        sysprop = write("sysprop.yaml");
        envFile = write("env.yaml");
        initFile = write("init.yaml");
        jndiFile = write("jndi.yaml");
    }

    private Path write(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "# " + name + "\n");
    }

    private ConfigSource locate(Path commandLine) {
        return new ConfigLocator(properties::get, env::get, () -> initParam, () -> jndi).locate(commandLine);
    }

    @Test
    void followsTheDocumentedOrder() {
        properties.put(ConfigLocator.PROPERTY, sysprop.toString());
        env.put(ConfigLocator.ENV, envFile.toString());
        initParam = initFile.toString();
        jndi = jndiFile.toString();

        assertThat(locate(cli).yaml()).contains("cli.yaml");
        assertThat(locate(null).yaml()).contains("sysprop.yaml");
        properties.clear();
        assertThat(locate(null).yaml()).contains("env.yaml");
        env.remove(ConfigLocator.ENV);
        assertThat(locate(null).yaml()).contains("init.yaml");
        initParam = null;
        assertThat(locate(null).yaml()).contains("jndi.yaml");
        jndi = null;
        assertThat(locate(null).description()).isEqualTo("built-in default");
    }

    @Test
    void multiLineJndiValueIsTheDocumentItself() {
        jndi = "model_list:\n  - {model_name: x, litellm_params: {model: ditto/echo}}\n";

        ConfigSource source = locate(null);

        assertThat(source.description()).contains("inline", "JNDI");
        assertThat(source.yaml()).isEqualTo(jndi);
    }

    @Test
    void missingFileNamesTheFileAndHowItWasChosen() {
        env.put(ConfigLocator.ENV, dir.resolve("nope.yaml").toString());

        InvalidConfigException failure = catchThrowableOfType(InvalidConfigException.class, () -> locate(null));

        assertThat(failure.getMessage()).contains("nope.yaml", "DITTO_CONFIG", "cannot read");
    }

    @Test
    void defaultHasEchoAndAddsProvidersWhoseKeysAreSet() {
        ConfigLoader loader = new ConfigLoader(env::get);

        assertThat(loader.load(locate(null)).modelList()).extracting(ModelDeployment::modelName)
                .containsExactly("ditto/echo");

        env.put("OPENAI_API_KEY", "sk-x");
        env.put("GEMINI_API_KEY", "g-x");
        GatewaySettings settings = loader.load(locate(null));

        assertThat(settings.modelList()).extracting(m -> m.litellmParams().provider())
                .contains("ditto", "openai", "gemini").doesNotContain("anthropic");
        assertThat(settings.modelList()).filteredOn(m -> m.litellmParams().provider().equals("openai"))
                .allSatisfy(m -> assertThat(m.litellmParams().apiKey().reveal()).isEqualTo("sk-x"));
    }
}
