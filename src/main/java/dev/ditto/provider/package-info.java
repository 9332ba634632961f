/**
 * Provider adapters, one sub-package per provider, each built from the same parts: a model
 * class, wire records, a stateless mapper, a stream decoder and an error mapper.
 */
@NullMarked
package dev.ditto.provider;

import org.jspecify.annotations.NullMarked;
