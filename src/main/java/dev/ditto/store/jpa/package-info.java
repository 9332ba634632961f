/**
 * The database: a container DataSource or Ditto's own pool, Flyway migrations from
 * {@code db/migration}, and the JPA persistence unit {@code ditto}.
 */
@NullMarked
package dev.ditto.store.jpa;

import org.jspecify.annotations.NullMarked;
