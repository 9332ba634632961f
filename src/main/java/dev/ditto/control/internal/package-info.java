/**
 * Helpers the control sub-packages share and nothing else should use: the bounded TTL cache
 * behind the key and quota caches.
 */
@NullMarked
package dev.ditto.control.internal;

import org.jspecify.annotations.NullMarked;
