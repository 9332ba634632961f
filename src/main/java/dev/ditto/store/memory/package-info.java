/**
 * In-memory implementations of the control ports, for a single node: what the gateway uses when
 * no Redis is configured. Nothing here survives a restart or is shared between replicas.
 */
@NullMarked
package dev.ditto.store.memory;

import org.jspecify.annotations.NullMarked;
