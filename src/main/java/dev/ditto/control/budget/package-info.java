/**
 * USD budgets per scope with their reset periods, the durable ledger of what each scope spent
 * per period, and the reservations that hold worst-case cost while requests run; the store
 * ports that keep them.
 */
@NullMarked
package dev.ditto.control.budget;

import org.jspecify.annotations.NullMarked;
