/**
 * Rate limit definitions (rpm, tpm, parallel requests) per scope, model group and route group,
 * and the store port that keeps them.
 */
@NullMarked
package dev.ditto.control.limits;

import org.jspecify.annotations.NullMarked;
