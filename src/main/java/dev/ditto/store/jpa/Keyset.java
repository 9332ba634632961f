package dev.ditto.store.jpa;

import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A JPQL listing with optional equality and range filters, paged by keyset: by id for
 * directories, by (time, id) for time series. Fetches one row more than the page to know
 * whether another page follows. One query per page, no per-row queries.
 */
final class Keyset {

    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    /** Adds {@code e.field = value} when the value is not null. */
    Keyset eq(String field, @Nullable Object value) {
        if (value != null) {
            String name = "p" + parameters.size();
            conditions.add("e." + field + " = :" + name);
            parameters.put(name, value);
        }
        return this;
    }

    /** Adds {@code e.field >= from} and {@code e.field < to} for the bounds that are set. */
    Keyset range(String field, @Nullable Instant from, @Nullable Instant to) {
        if (from != null) {
            String name = "p" + parameters.size();
            conditions.add("e." + field + " >= :" + name);
            parameters.put(name, from);
        }
        if (to != null) {
            String name = "p" + parameters.size();
            conditions.add("e." + field + " < :" + name);
            parameters.put(name, to);
        }
        return this;
    }

    /** Adds a condition written out, with its parameters. */
    Keyset where(String condition, Map<String, Object> values) {
        conditions.add(condition);
        parameters.putAll(values);
        return this;
    }

    /** Returns {@code " where a and b"} or the empty string. */
    String whereClause() {
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    /** Binds the parameters to a query. */
    <Q extends jakarta.persistence.Query> Q bind(Q query) {
        parameters.forEach(query::setParameter);
        return query;
    }

    /**
     * Checks a limit given outside a {@link PageRequest}.
     *
     * @throws IllegalArgumentException if it is not between 1 and {@value PageRequest#MAX_LIMIT}
     */
    static int checkLimit(int limit) {
        return new PageRequest(limit, null).limit();
    }

    /** One page of entities ordered by id; the cursor is the last id. */
    <E, R> Page<R> byId(EntityManager em, Class<E> type, PageRequest page, Function<E, String> id,
            Function<E, R> toRecord) {
        if (page.cursor() != null) {
            where("e.id > :cursor", Map.of("cursor", page.cursor()));
        }
        TypedQuery<E> query = bind(em.createQuery(
                "select e from " + type.getSimpleName() + " e" + whereClause() + " order by e.id", type));
        return page(query, page, id, toRecord);
    }

    /** One page of entities ordered by a time field, then id; the cursor carries both. */
    <E, R> Page<R> byTime(EntityManager em, Class<E> type, String timeField, PageRequest page,
            Function<E, Instant> time, Function<E, String> id, Function<E, R> toRecord) {
        if (page.cursor() != null) {
            TimeCursor cursor = TimeCursor.decode(page.cursor());
            // The first term lets the database use the (…, time, id) index; the second is exact.
            where("e." + timeField + " >= :cursorTime and (e." + timeField + " > :cursorTime or e.id > :cursorId)",
                    Map.of("cursorTime", cursor.time(), "cursorId", cursor.id()));
        }
        TypedQuery<E> query = bind(em.createQuery("select e from " + type.getSimpleName() + " e" + whereClause()
                + " order by e." + timeField + ", e.id", type));
        return page(query, page, last -> TimeCursor.encode(time.apply(last), id.apply(last)), toRecord);
    }

    private static <E, R> Page<R> page(TypedQuery<E> query, PageRequest page, Function<E, String> cursorOf,
            Function<E, R> toRecord) {
        List<E> rows = query.setMaxResults(page.limit() + 1).getResultList();
        boolean more = rows.size() > page.limit();
        List<E> kept = more ? rows.subList(0, page.limit()) : rows;
        List<R> items = new ArrayList<>(kept.size());
        kept.forEach(row -> items.add(toRecord.apply(row)));
        return new Page<>(items, more ? cursorOf.apply(kept.get(kept.size() - 1)) : null, page.limit());
    }

    /** The opaque cursor of a time series: the last row's time and id, base64url. */
    record TimeCursor(Instant time, String id) {

        static String encode(Instant time, String id) {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((time + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static TimeCursor decode(String cursor) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int bar = text.indexOf('|');
                return new TimeCursor(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("invalid cursor '" + cursor + "': pass a next_cursor from a previous page");
            }
        }
    }
}
