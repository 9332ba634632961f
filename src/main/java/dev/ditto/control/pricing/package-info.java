/**
 * What models cost: a {@link dev.ditto.control.pricing.PriceCatalog} of list prices for common
 * models, per million tokens; the {@link dev.ditto.control.pricing.PriceBook} of one gateway's
 * deployments (catalog prices with the configuration's overrides, and the policy for models
 * without a price); and exact money in {@link dev.ditto.control.pricing.NanoDollars}. Plain Java.
 */
@NullMarked
package dev.ditto.control.pricing;

import org.jspecify.annotations.NullMarked;
