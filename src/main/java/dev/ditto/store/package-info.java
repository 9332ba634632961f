/**
 * Implementations of the control plane's ports over real storage: {@code jpa} (the database,
 * through JPA and Flyway) and {@code redis} (state shared across replicas, through Jedis).
 */
@NullMarked
package dev.ditto.store;

import org.jspecify.annotations.NullMarked;
