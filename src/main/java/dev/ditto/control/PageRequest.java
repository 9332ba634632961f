package dev.ditto.control;

import org.jspecify.annotations.Nullable;

/**
 * One page of a listing, by keyset: at most {@code limit} items after the {@code cursor} of
 * the previous page (null for the first page). Keyset pagination stays fast at any depth and
 * never skips or repeats an item when rows are added between pages. Immutable.
 *
 * <pre>{@code
 * PageRequest page = PageRequest.first(100);
 * do {
 *     Page<Tenant> tenants = store.tenants().list(page);
 *     tenants.items().forEach(this::show);
 *     page = tenants.next().orElse(null);
 * } while (page != null);
 * }</pre>
 *
 * @param limit how many items at most, 1 to {@value #MAX_LIMIT}
 * @param cursor the {@link Page#nextCursor()} of the previous page, or null for the first page
 */
public record PageRequest(int limit, @Nullable String cursor) {

    /** The largest page a store returns. */
    public static final int MAX_LIMIT = 1000;
    /** The page size when the client does not ask for one. */
    public static final int DEFAULT_LIMIT = 100;

    /** Checks the limit. */
    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (cursor != null && cursor.isEmpty()) {
            cursor = null;
        }
    }

    /**
     * Returns the first page.
     *
     * @param limit how many items at most, 1 to {@value #MAX_LIMIT}
     * @return the request
     * @throws IllegalArgumentException if the limit is out of range, quoting it
     */
    public static PageRequest first(int limit) {
        return new PageRequest(limit, null);
    }

    /**
     * Returns the first page of {@value #DEFAULT_LIMIT} items.
     *
     * @return the request
     */
    public static PageRequest ofDefaults() {
        return first(DEFAULT_LIMIT);
    }

    /**
     * Returns the page after a cursor.
     *
     * @param cursor the previous page's {@link Page#nextCursor()}
     * @param limit how many items at most
     * @return the request
     */
    public static PageRequest after(@Nullable String cursor, int limit) {
        return new PageRequest(limit, cursor);
    }
}
