/**
 * Virtual keys: how they are made ({@link dev.ditto.control.keys.KeyGenerator}) and hashed
 * ({@link dev.ditto.control.keys.KeyHasher}), stored ({@link dev.ditto.control.keys.KeyStore}),
 * resolved on every request through a bounded cache
 * ({@link dev.ditto.control.keys.KeyAuthenticator}), and invalidated across replicas
 * ({@link dev.ditto.control.Invalidations}).
 */
@NullMarked
package dev.ditto.control.keys;

import org.jspecify.annotations.NullMarked;
