package dev.ditto.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The fields of an admin request body, read with their types and limits checked: a field of
 * the wrong type, too long, or not among the fields the endpoint knows is a 400 that names it
 * ({@code param}). Limits match the database columns, so a request never fails there. Not
 * thread-safe; one per request.
 */
final class RequestFields {

    /** Ids (tenants, projects, users): the id columns' width. */
    static final int ID_LENGTH = 64;
    /** Names, aliases, models, route groups. */
    static final int NAME_LENGTH = 255;
    /** E-mail addresses. */
    static final int EMAIL_LENGTH = 320;
    /** A metadata map or a list, as JSON text. */
    static final int JSON_LENGTH = 100_000;

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    // Ids travel in paths and query strings: printable, no spaces or slashes.
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@+=-]+");

    private final ObjectNode body;

    private RequestFields(ObjectNode body) {
        this.body = body;
    }

    /**
     * Wraps a body, refusing fields the endpoint does not know.
     *
     * @param body the request body
     * @param known every field the endpoint reads (or knowingly ignores)
     * @return the fields
     * @throws ApiException 400 naming the first unknown field
     */
    static RequestFields of(ObjectNode body, Set<String> known) {
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw invalid(name, "Unknown field '" + name + "'; this endpoint accepts " + new TreeSet<>(known) + ".");
            }
        }
        return new RequestFields(body);
    }

    /** @return whether the body has the field, even as null */
    boolean has(String name) {
        return body.has(name);
    }

    /** @return whether the body has the field with a value other than null */
    boolean present(String name) {
        return body.hasNonNull(name);
    }

    /**
     * Tells whether a field is absent or holds nothing: null, false, 0, an empty string, array
     * or object. LiteLLM clients send such defaults for features Ditto does not have.
     */
    boolean blank(String name) {
        JsonNode node = body.get(name);
        return node == null || node.isNull() || (node.isBoolean() && !node.asBoolean())
                || (node.isNumber() && node.decimalValue().signum() == 0) || (node.isTextual() && node.asText().isEmpty())
                || (node.isContainerNode() && node.isEmpty());
    }

    /** The fields the body has, for reporting what was ignored. */
    Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        body.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Nullable String string(String name, int maxLength) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(name, "'" + name + "' must be a string.");
        }
        String text = node.asText();
        if (text.length() > maxLength) {
            throw invalid(name, "'" + name + "' is longer than " + maxLength + " characters.");
        }
        return text;
    }

    String requiredString(String name, int maxLength) {
        String text = string(name, maxLength);
        if (text == null || text.isBlank()) {
            throw invalid(name, "'" + name + "' is required.");
        }
        return text;
    }

    @Nullable String id(String name) {
        String id = string(name, ID_LENGTH);
        if (id != null) {
            checkId(name, id);
        }
        return id;
    }

    static String checkId(String name, String id) {
        if (id.isEmpty() || id.length() > ID_LENGTH || !ID.matcher(id).matches()) {
            throw invalid(name, "'" + name + "' must be 1 to " + ID_LENGTH
                    + " letters, digits or ._:@+=- characters, got '" + abbreviate(id) + "'.");
        }
        return id;
    }

    /** A list of strings, as a set in the given order; an absent or null field is empty. */
    Set<String> strings(String name) {
        JsonNode node = body.get(name);
        Set<String> values = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            throw invalid(name, "'" + name + "' must be an array of strings.");
        }
        for (JsonNode item : node) {
            if (!item.isTextual() || item.asText().isBlank() || item.asText().length() > NAME_LENGTH) {
                throw invalid(name, "'" + name + "' must hold non-empty strings of at most " + NAME_LENGTH
                        + " characters.");
            }
            values.add(item.asText());
        }
        if (node.toString().length() > JSON_LENGTH) {
            throw invalid(name, "'" + name + "' is too long.");
        }
        return values;
    }

    /**
     * Free-form labels: strings are kept, other scalars become their text, objects and arrays
     * their JSON text (LiteLLM's metadata is any JSON object; Ditto keeps labels).
     */
    Map<String, String> metadata(String name) {
        JsonNode node = body.get(name);
        Map<String, String> metadata = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return metadata;
        }
        if (!node.isObject()) {
            throw invalid(name, "'" + name + "' must be a JSON object.");
        }
        if (node.toString().length() > JSON_LENGTH) {
            throw invalid(name, "'" + name + "' is longer than " + JSON_LENGTH + " characters as JSON.");
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            JsonNode value = entry.getValue();
            if (!value.isNull()) {
                metadata.put(entry.getKey(), value.isValueNode() ? value.asText() : value.toString());
            }
        }
        return metadata;
    }

    @Nullable Boolean bool(String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw invalid(name, "'" + name + "' must be true or false.");
        }
        return node.asBoolean();
    }

    @Nullable Long integer(String name, long min, long max) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            throw invalid(name, "'" + name + "' must be a whole number from " + min + " to " + max + ".");
        }
        return node.asLong();
    }

    @Nullable BigDecimal decimal(String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isTextual()) {
            try {
                value = new BigDecimal(node.asText().trim());
            } catch (NumberFormatException e) {
                throw invalid(name, "'" + name + "' must be a number, got '" + abbreviate(node.asText()) + "'.");
            }
        } else {
            throw invalid(name, "'" + name + "' must be a number.");
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.TEN.pow(9)) >= 0) {
            throw invalid(name, "'" + name + "' must be from 0 to 999999999.");
        }
        return value;
    }

    @Nullable Instant instant(String name) {
        String text = string(name, 64);
        return text == null ? null : parseInstant(name, text);
    }

    /**
     * Parses a time: an ISO-8601 instant such as {@code 2025-01-31T12:00:00Z}, or a date such as
     * {@code 2025-01-31} (UTC midnight).
     */
    static Instant parseInstant(String name, String text) {
        try {
            return checkTime(name, text.contains("T") ? Instant.parse(text.trim())
                    : LocalDate.parse(text.trim()).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException e) {
            throw invalid(name, "'" + name + "' must be a UTC time such as 2025-01-31T12:00:00Z or a date such as "
                    + "2025-01-31, got '" + abbreviate(text) + "'.");
        }
    }

    /**
     * Checks that a time is one the databases keep: from 1970 to the end of 9999.
     *
     * @throws ApiException 400 naming the field otherwise
     */
    static Instant checkTime(String name, Instant time) {
        if (time.isBefore(Instant.EPOCH) || time.isAfter(LATEST)) {
            throw invalid(name, "'" + name + "' must be between 1970 and 9999, got " + time + ".");
        }
        return time;
    }

    static ApiException invalid(String name, String message) {
        return new ApiException(ApiError.invalidRequest(400, "invalid_field", message, name));
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
