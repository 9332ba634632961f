/** The shared Redis, reached through a pooled Jedis client. */
@NullMarked
package dev.ditto.store.redis;

import org.jspecify.annotations.NullMarked;
