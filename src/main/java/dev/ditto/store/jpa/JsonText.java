package dev.ditto.store.jpa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON-text columns: string sets (allowed models and routes, reservation scopes) as sorted
 * arrays, string maps (metadata) as objects with sorted keys, so equal values are equal text.
 * One mapper per converter instance, made by Hibernate per persistence unit.
 */
final class JsonText {

    private JsonText() {}

    /** {@code Set<String>} as a JSON array. */
    @Converter
    static final class StringSet implements AttributeConverter<Set<String>, String> {

        private static final TypeReference<List<String>> TYPE = new TypeReference<>() {};
        private final ObjectMapper json = new ObjectMapper();

        @Override
        public String convertToDatabaseColumn(Set<String> values) {
            return write(json, new TreeSet<>(values));
        }

        @Override
        public Set<String> convertToEntityAttribute(String text) {
            return Set.copyOf(read(json, text, TYPE));
        }
    }

    /** {@code Map<String, String>} as a JSON object. */
    @Converter
    static final class StringMap implements AttributeConverter<Map<String, String>, String> {

        private static final TypeReference<Map<String, String>> TYPE = new TypeReference<>() {};
        private final ObjectMapper json = new ObjectMapper();

        @Override
        public String convertToDatabaseColumn(Map<String, String> values) {
            return write(json, new TreeMap<>(values));
        }

        @Override
        public Map<String, String> convertToEntityAttribute(String text) {
            return Map.copyOf(read(json, text, TYPE));
        }
    }

    /** {@code List<String>} as a JSON array, in order. */
    @Converter
    static final class StringList implements AttributeConverter<List<String>, String> {

        private static final TypeReference<List<String>> TYPE = new TypeReference<>() {};
        private final ObjectMapper json = new ObjectMapper();

        @Override
        public String convertToDatabaseColumn(List<String> values) {
            return write(json, values);
        }

        @Override
        public List<String> convertToEntityAttribute(String text) {
            return List.copyOf(read(json, text, TYPE));
        }
    }

    private static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings always serialize", e);
        }
    }

    private static <T> T read(ObjectMapper json, String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON column holds invalid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
