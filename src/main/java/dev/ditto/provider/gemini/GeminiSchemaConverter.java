package dev.ditto.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.Warning;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a JSON Schema into the OpenAPI 3.0 subset that Gemini's {@code Schema} accepts, and
 * warns about every keyword it cannot express.
 *
 * <p>Translated: nullable unions ({@code "type": ["string", "null"]}, {@code anyOf} with a null
 * member) become {@code nullable}; {@code const} becomes a one-value {@code enum}; local
 * {@code $ref}s into {@code $defs} / {@code definitions} are inlined (a recursive reference
 * becomes a plain object); {@code oneOf} becomes {@code anyOf} and {@code allOf} is merged, both
 * with a warning; numeric {@code exclusiveMinimum}/{@code exclusiveMaximum} become inclusive
 * bounds with a warning. Dropped with a warning: keywords Gemini lacks ({@code not},
 * {@code uniqueItems}, {@code patternProperties}, …) and string formats other than
 * {@code date-time} and {@code enum}. Dropped silently: annotations with no effect on the output
 * ({@code $schema}, {@code $id}, {@code $comment}, {@code readOnly}, …) and
 * {@code additionalProperties: false}, which Gemini's objects imply.
 *
 * <p>One instance converts one schema; the static entry point is thread-safe.
 */
final class GeminiSchemaConverter {

    private static final Set<String> KEPT = Set.of("description", "title", "nullable", "minLength", "maxLength",
            "pattern", "minimum", "maximum", "minItems", "maxItems", "minProperties", "maxProperties", "default",
            "example", "required", "propertyOrdering");
    private static final Set<String> IGNORED = Set.of("$schema", "$id", "$comment", "$defs", "definitions",
            "readOnly", "writeOnly", "deprecated", "examples", "contentMediaType", "contentEncoding");
    private static final Set<String> FORMATS = Set.of("date-time", "enum", "int32", "int64", "float", "double");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode root;
    private final String setting;
    private final List<Warning> warnings;
    private final Set<String> expanding = new HashSet<>();

    private GeminiSchemaConverter(JsonNode root, String setting, List<Warning> warnings) {
        this.root = root;
        this.setting = setting;
        this.warnings = warnings;
    }

    /**
     * Converts a schema.
     *
     * @param schema the JSON Schema
     * @param setting the request setting it belongs to, named in warnings
     * @param warnings receives a warning per dropped or approximated keyword
     * @return the Gemini schema
     */
    static ObjectNode convert(JsonNode schema, String setting, List<Warning> warnings) {
        return new GeminiSchemaConverter(schema, setting, warnings).node(schema, "$");
    }

    /**
     * Returns whether a converted schema is an object without properties, which Gemini rejects as
     * function parameters (such a function is declared without parameters instead).
     *
     * @param schema a converted schema
     * @return {@code true} for an empty object schema
     */
    static boolean isEmptyObject(JsonNode schema) {
        JsonNode properties = schema.get("properties");
        boolean noProperties = properties == null || properties.isEmpty();
        return noProperties && (schema.isEmpty() || "object".equals(schema.path("type").asText()))
                && schema.get("anyOf") == null;
    }

    private ObjectNode node(JsonNode schema, String path) {
        ObjectNode out = NODES.objectNode();
        if (schema.isBoolean()) {
            if (!schema.asBoolean()) {
                warn(path, "the schema 'false' (nothing is valid) cannot be expressed; any value is allowed");
            }
            return out;
        }
        if (!schema.isObject()) {
            warn(path, "a schema must be an object but was " + schema.getNodeType() + "; any value is allowed");
            return out;
        }
        JsonNode ref = schema.get("$ref");
        if (ref != null) {
            out.setAll(resolve(ref.asText(), path));
        }
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            keyword(field.getKey(), field.getValue(), out, path);
        }
        if (schema.has("examples") && !schema.has("example") && schema.get("examples").isArray()
                && !schema.get("examples").isEmpty()) {
            out.set("example", schema.get("examples").get(0));
        }
        return out;
    }

    private void keyword(String key, JsonNode value, ObjectNode out, String path) {
        switch (key) {
            case "$ref" -> { }
            case "type" -> type(value, out, path);
            case "format" -> format(value, out, path);
            case "enum" -> out.set("enum", value);
            case "const" -> {
                out.set("enum", NODES.arrayNode().add(value));
                if (value.isTextual() && !out.has("type")) {
                    out.put("type", "string");
                }
            }
            case "properties" -> properties(value, out, path);
            case "items" -> items(value, out, path);
            case "prefixItems" -> {
                warn(path, "tuple 'prefixItems' cannot be expressed; the first item schema applies to all items");
                if (value.isArray() && !value.isEmpty() && !out.has("items")) {
                    out.set("items", node(value.get(0), path + "[0]"));
                }
            }
            case "anyOf" -> union(value, out, path + ".anyOf");
            case "oneOf" -> {
                warn(path, "'oneOf' is approximated as 'anyOf' (more than one branch may match)");
                union(value, out, path + ".oneOf");
            }
            case "allOf" -> allOf(value, out, path);
            case "exclusiveMinimum", "exclusiveMaximum" -> exclusiveBound(key, value, out, path);
            case "additionalProperties" -> {
                if (!(value.isBoolean() && !value.asBoolean())) {
                    warn(path, "'additionalProperties' cannot be expressed; extra properties are not generated");
                }
            }
            default -> {
                if (KEPT.contains(key)) {
                    out.set(key, value);
                } else if (!IGNORED.contains(key)) {
                    warn(path, "the keyword '" + key + "' cannot be expressed; it was dropped");
                }
            }
        }
    }

    private void type(JsonNode value, ObjectNode out, String path) {
        if (value.isTextual()) {
            out.put("type", value.asText());
            return;
        }
        List<String> types = new ArrayList<>();
        value.forEach(type -> types.add(type.asText()));
        if (types.remove("null")) {
            out.put("nullable", true);
        }
        if (types.size() == 1) {
            out.put("type", types.get(0));
        } else if (types.size() > 1) {
            ArrayNode anyOf = out.putArray("anyOf");
            types.forEach(type -> anyOf.addObject().put("type", type));
        } else {
            out.put("type", "null");
        }
    }

    private void format(JsonNode value, ObjectNode out, String path) {
        if (FORMATS.contains(value.asText())) {
            out.set("format", value);
        } else {
            warn(path, "the format '" + value.asText() + "' cannot be expressed; it was dropped");
        }
    }

    private void properties(JsonNode value, ObjectNode out, String path) {
        ObjectNode properties = out.putObject("properties");
        for (Map.Entry<String, JsonNode> property : value.properties()) {
            properties.set(property.getKey(), node(property.getValue(), path + "." + property.getKey()));
        }
    }

    private void items(JsonNode value, ObjectNode out, String path) {
        if (value.isArray()) {
            warn(path, "tuple 'items' cannot be expressed; the first item schema applies to all items");
            if (!value.isEmpty()) {
                out.set("items", node(value.get(0), path + "[0]"));
            }
        } else {
            out.set("items", node(value, path + "[]"));
        }
    }

    private void union(JsonNode value, ObjectNode out, String path) {
        List<ObjectNode> members = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            ObjectNode member = node(value.get(i), path + "[" + i + "]");
            if ("null".equals(member.path("type").asText()) && member.size() == 1) {
                out.put("nullable", true);
            } else {
                members.add(member);
            }
        }
        if (members.size() == 1) {
            out.setAll(members.get(0));
        } else if (!members.isEmpty()) {
            out.putArray("anyOf").addAll(members);
        }
    }

    private void allOf(JsonNode value, ObjectNode out, String path) {
        if (value.size() > 1) {
            warn(path, "'allOf' is approximated by merging its schemas");
        }
        for (int i = 0; i < value.size(); i++) {
            ObjectNode member = node(value.get(i), path + ".allOf[" + i + "]");
            for (Map.Entry<String, JsonNode> field : member.properties()) {
                merge(out, field.getKey(), field.getValue());
            }
        }
    }

    private static void merge(ObjectNode out, String key, JsonNode value) {
        JsonNode existing = out.get(key);
        if (existing instanceof ObjectNode target && "properties".equals(key)) {
            target.setAll((ObjectNode) value);
        } else if (existing instanceof ArrayNode target && "required".equals(key)) {
            for (JsonNode name : value) {
                if (!contains(target, name)) {
                    target.add(name);
                }
            }
        } else if (existing == null) {
            out.set(key, value);
        }
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode element : array) {
            if (element.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private void exclusiveBound(String key, JsonNode value, ObjectNode out, String path) {
        if (value.isNumber()) {
            String inclusive = key.equals("exclusiveMinimum") ? "minimum" : "maximum";
            out.set(inclusive, value);
            warn(path, "'" + key + "' is approximated by the inclusive '" + inclusive + "'");
        } else {
            warn(path, "the draft-4 boolean '" + key + "' cannot be expressed; the bound is inclusive");
        }
    }

    private ObjectNode resolve(String ref, String path) {
        JsonNode target = ref.equals("#") ? root : root.at(ref.startsWith("#") ? ref.substring(1) : "/-invalid-");
        if (target.isMissingNode()) {
            warn(path, "the reference '" + ref + "' cannot be resolved; any value is allowed");
            return NODES.objectNode();
        }
        if (!expanding.add(ref)) {
            warn(path, "the recursive reference '" + ref + "' cannot be expressed; it is an unconstrained object");
            return NODES.objectNode().put("type", "object");
        }
        try {
            return node(target, path);
        } finally {
            expanding.remove(ref);
        }
    }

    private void warn(String path, String message) {
        warnings.add(Warning.approximated(setting, "JSON Schema at " + path + ": " + message));
    }
}
