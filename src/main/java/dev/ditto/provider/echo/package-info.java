/**
 * The built-in demo provider {@code ditto/echo}: answers by echoing the last user message, word
 * by word, so the gateway does something real with no provider key. Not a real model.
 */
@NullMarked
package dev.ditto.provider.echo;

import org.jspecify.annotations.NullMarked;
