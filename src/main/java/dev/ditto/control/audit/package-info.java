/**
 * The audit log of admin writes and security events, and its store port. Each record has
 * room for the hash chain that makes the log tamper-evident.
 */
@NullMarked
package dev.ditto.control.audit;

import org.jspecify.annotations.NullMarked;
