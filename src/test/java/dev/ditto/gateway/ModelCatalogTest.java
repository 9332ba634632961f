package dev.ditto.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.config.ConfigLoader;
import dev.ditto.config.ConfigSource;
import dev.ditto.config.ModelDeployment;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    private final ModelCatalog catalog = ModelCatalog.of(new ConfigLoader(name -> null).load(new ConfigSource("test", """
            model_list:
              - {model_name: gpt-4o, litellm_params: {model: azure/gpt4o-eu, api_base: "https://x.openai.azure.com"}}
              - {model_name: gpt-4o, litellm_params: {model: openai/gpt-4o}}
              - {model_name: "openai/*", litellm_params: {model: "openai/*"}, model_info: {id: openai-any}}
              - {model_name: "claude-*", litellm_params: {model: "anthropic/claude-*"}}
              - {model_name: "*", litellm_params: {model: "openai/gpt-4o-mini"}}
            """)).modelList());

    private static List<String> models(List<ModelDeployment> group) {
        return group.stream().map(d -> d.litellmParams().qualifiedModel()).toList();
    }

    @Test
    void exactNamesKeepTheirGroupInOrder() {
        assertThat(models(catalog.group("gpt-4o").orElseThrow())).containsExactly("azure/gpt4o-eu", "openai/gpt-4o");
    }

    @Test
    void wildcardsPutTheMatchIntoTheModel() {
        List<ModelDeployment> any = catalog.group("openai/o3-mini").orElseThrow();

        assertThat(models(any)).containsExactly("openai/o3-mini");
        assertThat(any.get(0).id()).isEqualTo("openai-any");
        assertThat(any.get(0).modelName()).isEqualTo("openai/o3-mini");
        assertThat(models(catalog.group("claude-sonnet-4-5").orElseThrow())).containsExactly("anthropic/claude-sonnet-4-5");
    }

    @Test
    void firstWildcardWinsAndACatchAllTakesTheRest() {
        assertThat(models(catalog.group("mystery").orElseThrow())).containsExactly("openai/gpt-4o-mini");
        assertThat(ModelCatalog.of(List.of()).group("x")).isEmpty();
    }
}
