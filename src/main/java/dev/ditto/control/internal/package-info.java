/**
 * Helpers the control sub-packages share and nothing else should use, but for the composition
 * root's own schedules: the bounded TTL cache behind the key and quota caches, and the periodic
 * task behind the reaper, the retention purge and the configuration watch.
 */
@NullMarked
package dev.ditto.control.internal;

import org.jspecify.annotations.NullMarked;
