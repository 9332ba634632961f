package dev.ditto.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Renders the effective configuration as YAML for the startup log, with every {@link Secret}
 * masked. The output uses the file's own key names, so an operator can compare it with what
 * they wrote.
 */
public final class EffectiveConfig {

    private static final ObjectMapper MAPPER = new ObjectMapper(
                    new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_EMPTY)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .registerModule(new SimpleModule("ditto-config")
                    .addSerializer(Secret.class, new ToStringSerializer<>())
                    .addSerializer(Path.class, new ToStringSerializer<>())
                    .addSerializer(Pattern.class, new ToStringSerializer<>())
                    .addSerializer(java.time.Instant.class, new ToStringSerializer<>())
                    .addSerializer(Duration.class, new SecondsSerializer()));

    private EffectiveConfig() {}

    /**
     * Renders the settings.
     *
     * @param settings the settings
     * @return YAML text with secrets shown as {@value Secret#MASK}
     */
    public static String render(GatewaySettings settings) {
        ObjectNode tree = MAPPER.valueToTree(settings);
        tree.remove("source");
        tree.remove("warnings");
        prune(tree);
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the settings records are always serializable", e);
        }
    }

    /** Drops fields that hold nothing (absent free-form sections render as null otherwise). */
    private static void prune(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(field -> field.getValue().isNull() || field.getValue().isMissingNode());
        }
        node.forEach(EffectiveConfig::prune);
    }

    private static final class ToStringSerializer<T> extends JsonSerializer<T> {
        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private static final class SecondsSerializer extends JsonSerializer<Duration> {
        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeNumber(value.toNanos() / 1e9);
        }
    }
}
