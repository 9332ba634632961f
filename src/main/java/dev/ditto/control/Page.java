package dev.ditto.control;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of a listing and where the next one starts. Immutable.
 *
 * @param items the items, in the listing's order
 * @param nextCursor what to pass as {@link PageRequest#cursor()} for the next page; null when
 *     this is the last page. Opaque to clients: for directories it is the last item's id, for
 *     time series (spend log, audit) it also carries the last item's time.
 * @param limit the limit the page was asked with
 * @param <T> the item type
 */
public record Page<T>(List<T> items, @Nullable String nextCursor, int limit) {

    /** Copies the items. */
    public Page {
        items = List.copyOf(items);
    }

    /**
     * Returns the request for the next page.
     *
     * @return the next page's request, or empty when this is the last page
     */
    public Optional<PageRequest> next() {
        return nextCursor == null ? Optional.empty() : Optional.of(PageRequest.after(nextCursor, limit));
    }
}
