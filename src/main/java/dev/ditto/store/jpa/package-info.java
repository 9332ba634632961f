/**
 * The database: a container DataSource or Ditto's own pool, Flyway migrations from
 * {@code db/migration}, the JPA persistence unit {@code ditto}, and the control plane's stores
 * on it ({@link dev.ditto.store.jpa.JpaControlStore}). Entities and store implementations are
 * package-private; only the composition root sees this package.
 */
@NullMarked
package dev.ditto.store.jpa;

import org.jspecify.annotations.NullMarked;
