package dev.ditto.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads one mapping of a configuration document, remembering which keys the settings asked for
 * so that {@link #finish()} can report the keys nobody knows, with a "did you mean" hint.
 *
 * <p>Every accessor registers its key as known whether or not the key is present. Type errors
 * and unresolved environment references are recorded as problems with the full path, and the
 * accessor then behaves as if the key were absent, so one pass reports every problem.
 */
final class ConfigReader {

    private static final Pattern BYTE_SIZE =
            Pattern.compile("(\\d+)\\s*(b|kb|kib|k|mb|mib|m|gb|gib|g)?", Pattern.CASE_INSENSITIVE);

    private final JsonNode node;
    private final String path;
    private final ConfigContext context;
    private final Set<String> known = new LinkedHashSet<>();
    private final Map<String, String> ignored = new LinkedHashMap<>();

    ConfigReader(JsonNode node, String path, ConfigContext context) {
        this.node = node;
        this.path = path;
        this.context = context;
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    ConfigContext context() {
        return context;
    }

    boolean has(String key) {
        known.add(key);
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    @Nullable String string(String key) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = node.get(key);
        if (!value.isValueNode()) {
            context.problem(pathOf(key), "expected a string, got " + describe(value));
            return null;
        }
        return context.resolve(pathOf(key), value.asText());
    }

    String string(String key, String fallback) {
        String value = string(key);
        return value == null ? fallback : value;
    }

    @Nullable String requiredString(String key) {
        String value = string(key);
        if (value == null && !has(key)) {
            context.problem(pathOf(key), "is required");
        } else if (value != null && value.isBlank()) {
            context.problem(pathOf(key), "must not be empty");
            return null;
        }
        return value;
    }

    @Nullable Secret secret(String key) {
        String value = string(key);
        return value == null ? null : Secret.of(value);
    }

    @Nullable Integer integer(String key, long min, long max) {
        Number number = number(key, "an integer");
        if (number == null) {
            return null;
        }
        if (number.doubleValue() != Math.rint(number.doubleValue())) {
            context.problem(pathOf(key), "expected an integer, got " + number);
            return null;
        }
        long value = number.longValue();
        if (value < min || value > max) {
            context.problem(pathOf(key), "must be between " + min + " and " + max + ", got " + value);
            return null;
        }
        return (int) value;
    }

    @Nullable Double decimal(String key, double min) {
        Number number = number(key, "a number");
        if (number == null) {
            return null;
        }
        if (number.doubleValue() < min) {
            context.problem(pathOf(key), "must be at least " + min + ", got " + number);
            return null;
        }
        return number.doubleValue();
    }

    /** An exact, non-negative decimal amount (USD), read without a detour through binary floating point. */
    @Nullable BigDecimal money(String key) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = node.get(key);
        String text = value.isNumber() ? value.asText() : value.isTextual() ? context.resolve(pathOf(key), value.asText())
                : null;
        if (text == null) {
            if (!value.isTextual()) {
                context.problem(pathOf(key), "expected an amount such as 10.50, got " + describe(value));
            }
            return null;
        }
        try {
            BigDecimal amount = new BigDecimal(text.trim()).stripTrailingZeros();
            if (amount.scale() < 0) {
                amount = amount.setScale(0);
            }
            if (amount.signum() < 0) {
                context.problem(pathOf(key), "must not be negative, got " + text);
                return null;
            }
            return amount;
        } catch (NumberFormatException e) {
            context.problem(pathOf(key), "expected an amount such as 10.50, got '" + text + "'");
            return null;
        }
    }

    /** A duration written, as LiteLLM writes it, in seconds (integer or decimal); must be positive. */
    @Nullable Duration seconds(String key) {
        Number number = number(key, "a number of seconds");
        if (number == null) {
            return null;
        }
        if (number.doubleValue() <= 0) {
            context.problem(pathOf(key), "must be a positive number of seconds, got " + number);
            return null;
        }
        return Duration.ofNanos(Math.round(number.doubleValue() * 1_000_000_000d));
    }

    @Nullable Boolean bool(String key) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = node.get(key);
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String text = value.isTextual() ? context.resolve(pathOf(key), value.asText()) : null;
        if (text != null && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(text);
        }
        if (text != null || !value.isTextual()) {
            context.problem(pathOf(key), "expected true or false, got " + describe(value));
        }
        return null;
    }

    /** An absolute http or https URL. */
    @Nullable URI httpUrl(String key) {
        String text = string(key);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                context.problem(pathOf(key), "must be an http:// or https:// URL, got '" + text + "'");
                return null;
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                context.problem(pathOf(key), "must be a URL with a host name, got '" + text + "'");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            context.problem(pathOf(key), "is not a valid URL ('" + text + "'): " + e.getReason());
            return null;
        }
    }

    /** A size in bytes: a plain integer, or a number with a unit such as {@code 32MiB} or {@code 512KB}. */
    @Nullable Long byteSize(String key, long min) {
        String text = string(key);
        if (text == null) {
            return null;
        }
        Matcher matcher = BYTE_SIZE.matcher(text.trim());
        if (!matcher.matches()) {
            context.problem(pathOf(key), "expected a size such as 1048576, 512KiB or 32MiB, got '" + text + "'");
            return null;
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "b" : matcher.group(2).toLowerCase(Locale.ROOT);
        long multiplier = switch (unit) {
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            default -> 1L;
        };
        long bytes = amount * multiplier;
        if (bytes < min) {
            context.problem(pathOf(key), "must be at least " + min + " bytes, got '" + text + "'");
            return null;
        }
        return bytes;
    }

    ConfigReader object(String key) {
        if (!has(key)) {
            return new ConfigReader(MissingNode.getInstance(), pathOf(key), context);
        }
        JsonNode value = node.get(key);
        if (!value.isObject()) {
            context.problem(pathOf(key), "expected a mapping (key: value pairs), got " + describe(value));
            return new ConfigReader(MissingNode.getInstance(), pathOf(key), context);
        }
        return new ConfigReader(value, pathOf(key), context);
    }

    List<ConfigReader> objectList(String key) {
        List<ConfigReader> readers = new ArrayList<>();
        JsonNode list = list(key);
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String itemPath = pathOf(key) + "[" + i + "]";
            if (!item.isObject()) {
                context.problem(itemPath, "expected a mapping (key: value pairs), got " + describe(item));
                continue;
            }
            readers.add(new ConfigReader(item, itemPath, context));
        }
        return readers;
    }

    List<String> stringList(String key) {
        List<String> values = new ArrayList<>();
        JsonNode list = list(key);
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String itemPath = pathOf(key) + "[" + i + "]";
            if (!item.isValueNode() || item.isNull()) {
                context.problem(itemPath, "expected a string, got " + describe(item));
                continue;
            }
            String value = context.resolve(itemPath, item.asText());
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    Map<String, String> stringMap(String key) {
        Map<String, String> values = new LinkedHashMap<>();
        ConfigReader map = object(key);
        for (Iterator<String> names = map.node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            map.known.add(name);
            JsonNode item = map.node.get(name);
            if (!item.isValueNode() || item.isNull()) {
                context.problem(map.pathOf(name), "expected a string, got " + describe(item));
                continue;
            }
            String value = context.resolve(map.pathOf(name), item.asText());
            if (value != null) {
                values.put(name, value);
            }
        }
        return values;
    }

    /** The raw node under {@code key}, for free-form metadata; registers the key as known. */
    JsonNode raw(String key) {
        known.add(key);
        JsonNode value = node.get(key);
        return value == null ? MissingNode.getInstance() : value;
    }

    /** Every key of this mapping, in file order, each registered as known (for maps keyed by name). */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        known.addAll(keys);
        return keys;
    }

    /** Accepts a key that LiteLLM knows but Ditto does not act on, warning when it is present. */
    void ignore(String reason, String... keys) {
        for (String key : keys) {
            ignored.put(key, reason);
        }
    }

    /** Records a problem for every key that no accessor asked for and that is not ignored. */
    void finish() {
        Set<String> candidates = new LinkedHashSet<>(known);
        candidates.addAll(ignored.keySet());
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (known.contains(name)) {
                continue;
            }
            String reason = ignored.get(name);
            if (reason != null) {
                context.warning(pathOf(name), "ignored: " + reason);
                continue;
            }
            context.problem(pathOf(name), Suggestions.hint("unknown key '" + name + "'", name, candidates));
        }
    }

    private JsonNode list(String key) {
        if (!has(key)) {
            return MissingNode.getInstance();
        }
        JsonNode value = node.get(key);
        if (!value.isArray()) {
            context.problem(pathOf(key), "expected a list, got " + describe(value));
            return MissingNode.getInstance();
        }
        return value;
    }

    private @Nullable Number number(String key, String expected) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = node.get(key);
        if (value.isNumber()) {
            return value.numberValue();
        }
        if (value.isTextual()) {
            String text = context.resolve(pathOf(key), value.asText());
            if (text == null) {
                return null;
            }
            try {
                return Double.valueOf(text.trim());
            } catch (NumberFormatException e) {
                context.problem(pathOf(key), "expected " + expected + ", got '" + text + "'");
                return null;
            }
        }
        context.problem(pathOf(key), "expected " + expected + ", got " + describe(value));
        return null;
    }

    static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isTextual()) {
            return "'" + value.asText() + "'";
        }
        return value.toString();
    }
}
