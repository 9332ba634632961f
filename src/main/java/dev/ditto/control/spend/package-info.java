/**
 * The spend log (one row per request) and its totals per key, user, project, tenant, model and
 * day; the store port that keeps them.
 */
@NullMarked
package dev.ditto.control.spend;

import org.jspecify.annotations.NullMarked;
