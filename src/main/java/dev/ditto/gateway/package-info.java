/**
 * The HTTP edge: the Jakarta REST application, its resources ({@code api}), servlet filters
 * ({@code filter}), the error envelope, and the model catalog the resources read. No business
 * rules: those live in {@code control}, behind ports.
 */
@NullMarked
package dev.ditto.gateway;

import org.jspecify.annotations.NullMarked;
