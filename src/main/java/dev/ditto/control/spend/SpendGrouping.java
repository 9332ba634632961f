package dev.ditto.control.spend;

import java.util.Locale;

/** What spend totals are grouped by ({@code /admin/spend?group_by=...}). */
public enum SpendGrouping {
    /** Per key id. */
    KEY,
    /** Per user id. */
    USER,
    /** Per project id. */
    PROJECT,
    /** Per tenant id. */
    TENANT,
    /** Per model group. */
    MODEL,
    /** Per UTC day the requests started on, as {@code 2025-01-31}. */
    DAY;

    /**
     * Returns the name used on the wire.
     *
     * @return such as {@code project}
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name.
     *
     * @param wireName such as {@code day}, any case
     * @return the grouping
     * @throws IllegalArgumentException naming the groupings that exist
     */
    public static SpendGrouping ofWireName(String wireName) {
        for (SpendGrouping grouping : values()) {
            if (grouping.wireName().equalsIgnoreCase(wireName)) {
                return grouping;
            }
        }
        throw new IllegalArgumentException("group_by must be key, user, project, tenant, model or day, got '"
                + wireName + "'");
    }
}
