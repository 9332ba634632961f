/**
 * The conversation model: {@link dev.ditto.sdk.message.Message}s with system, user, assistant and
 * tool roles, their {@link dev.ditto.sdk.message.ContentPart}s, the
 * {@link dev.ditto.sdk.message.MediaSource} of images, files and audio, and the
 * {@link dev.ditto.sdk.message.ProviderMetadata} that lets provider-only data (thinking
 * signatures, encrypted reasoning, item ids) round-trip. Everything here is an immutable value.
 */
@NullMarked
package dev.ditto.sdk.message;

import org.jspecify.annotations.NullMarked;
