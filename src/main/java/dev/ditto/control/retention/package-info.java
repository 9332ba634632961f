/**
 * Retention: how long spend logs and audit records are kept, and the purge that removes older
 * ones in small batches, audits itself and leaves every audit chain verifiable (anchor records).
 */
@NullMarked
package dev.ditto.control.retention;

import org.jspecify.annotations.NullMarked;
