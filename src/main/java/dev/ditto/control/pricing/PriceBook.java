package dev.ditto.control.pricing;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The prices of one gateway's deployments, with the policy for deployments without one: what
 * admission reserves for a model group (the worst case over every deployment a request to the
 * group may reach, fallbacks included) and what settlement charges for the deployment that
 * served. Built once by the composition root; immutable and thread-safe.
 *
 * <pre>{@code
 * PriceBook book = PriceBook.builder()
 *         .deployment("eu-1", "gpt-4o", catalog.find("azure", "gpt-4o").orElse(null))
 *         .unpriced(UnpricedPolicy.DENY, null)
 *         .build();
 * }</pre>
 */
public final class PriceBook {

    /** The output cap assumed for a model whose own cap is unknown, when nothing is configured. */
    public static final long DEFAULT_MAX_OUTPUT_TOKENS = 4096;

    /** This configuration's deployments. */
    private final Map<String, Optional<ModelPrice>> own;
    /** This configuration's deployments, and the previous one's that it dropped (see {@link #succeeding}). */
    private final Map<String, Optional<ModelPrice>> deployments;
    private final Map<String, Set<String>> groups;
    private final UnpricedPolicy policy;
    private final @Nullable ModelPrice defaultPrice;
    private final long defaultMaxOutputTokens;

    private PriceBook(Builder builder) {
        this.own = Map.copyOf(builder.deployments);
        this.deployments = own;
        Map<String, Set<String>> copy = new HashMap<>();
        builder.groups.forEach((group, ids) -> copy.put(group, Set.copyOf(ids)));
        this.groups = Map.copyOf(copy);
        this.policy = builder.policy;
        this.defaultPrice = builder.defaultPrice;
        this.defaultMaxOutputTokens = builder.defaultMaxOutputTokens;
    }

    private PriceBook(PriceBook book, Map<String, Optional<ModelPrice>> deployments) {
        this.own = book.own;
        this.deployments = Map.copyOf(deployments);
        this.groups = book.groups;
        this.policy = book.policy;
        this.defaultPrice = book.defaultPrice;
        this.defaultMaxOutputTokens = book.defaultMaxOutputTokens;
    }

    /**
     * Returns this book for use after a configuration reload that replaces {@code previous}: it
     * also prices the deployments only {@code previous} had, so that a request admitted on the
     * previous configuration's routes and settled after the reload is charged what its
     * deployment cost. Worst cases, and so new reservations, are this book's alone, and only
     * one configuration back is kept.
     *
     * @param previous the book in force until now
     * @return this book, also knowing the deployments it dropped
     */
    public PriceBook succeeding(PriceBook previous) {
        Map<String, Optional<ModelPrice>> merged = new HashMap<>(previous.own);
        merged.putAll(own);
        return new PriceBook(this, merged);
    }

    /**
     * Returns a builder: no deployments, unpriced models denied.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the price charged for a deployment: its own, else the default when the policy says so.
     *
     * @param deploymentId the deployment that served the request
     * @return the price, or empty when the deployment is unpriced and the policy denies
     */
    public Optional<ModelPrice> deployment(String deploymentId) {
        Optional<ModelPrice> own = deployments.getOrDefault(deploymentId, Optional.empty());
        return own.isPresent() ? own : fallback();
    }

    /**
     * Returns the worst-case price of a request to a model group: the component-wise maximum
     * over every deployment it may reach.
     *
     * @param group the model group asked for, or null on routes without a model
     * @return the price, or empty when some reachable deployment is unpriced and the policy denies
     */
    public Optional<ModelPrice> worstCase(@Nullable String group) {
        Set<String> ids = group == null ? null : groups.get(group);
        if (ids == null || ids.isEmpty()) {
            return fallback();
        }
        ModelPrice worst = null;
        for (String id : ids) {
            Optional<ModelPrice> price = deployment(id);
            if (price.isEmpty()) {
                return Optional.empty();
            }
            worst = worst == null ? price.get() : worst.max(price.get());
        }
        return Optional.ofNullable(worst);
    }

    /**
     * Returns the output cap assumed when neither the request nor the model's price says one.
     *
     * @return the cap in tokens
     */
    public long defaultMaxOutputTokens() {
        return defaultMaxOutputTokens;
    }

    /**
     * Returns the policy for unpriced deployments.
     *
     * @return the policy
     */
    public UnpricedPolicy policy() {
        return policy;
    }

    private Optional<ModelPrice> fallback() {
        return policy == UnpricedPolicy.CHARGE_DEFAULT ? Optional.ofNullable(defaultPrice) : Optional.empty();
    }

    /** Collects deployments and the policy. Not thread-safe. */
    public static final class Builder {

        private final Map<String, Optional<ModelPrice>> deployments = new LinkedHashMap<>();
        private final Map<String, Set<String>> groups = new LinkedHashMap<>();
        private UnpricedPolicy policy = UnpricedPolicy.DENY;
        private @Nullable ModelPrice defaultPrice;
        private long defaultMaxOutputTokens = DEFAULT_MAX_OUTPUT_TOKENS;

        private Builder() {}

        /**
         * Adds a deployment to a model group.
         *
         * @param deploymentId the deployment's id
         * @param group the model group it serves
         * @param price its price, or null when unpriced
         * @return this builder
         * @throws IllegalArgumentException if the id was already added with another price
         */
        public Builder deployment(String deploymentId, String group, @Nullable ModelPrice price) {
            Optional<ModelPrice> previous = deployments.putIfAbsent(deploymentId, Optional.ofNullable(price));
            if (previous != null && !previous.equals(Optional.ofNullable(price))) {
                throw new IllegalArgumentException("deployment '" + deploymentId + "' was already priced as " + previous);
            }
            groups.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(deploymentId);
            return this;
        }

        /**
         * Makes a group's worst case include the deployments of another group, such as a fallback.
         *
         * @param group the group asked for
         * @param reachable a group its requests may also reach
         * @return this builder
         */
        public Builder reaches(String group, String reachable) {
            Set<String> targets = groups.getOrDefault(reachable, Set.of());
            groups.computeIfAbsent(group, g -> new LinkedHashSet<>()).addAll(Set.copyOf(targets));
            return this;
        }

        /**
         * Sets the policy for unpriced deployments.
         *
         * @param policy deny, or charge the default price
         * @param defaultPrice the price charged under {@link UnpricedPolicy#CHARGE_DEFAULT}
         * @return this builder
         * @throws IllegalArgumentException if the policy charges a default and none is given
         */
        public Builder unpriced(UnpricedPolicy policy, @Nullable ModelPrice defaultPrice) {
            if (policy == UnpricedPolicy.CHARGE_DEFAULT && defaultPrice == null) {
                throw new IllegalArgumentException("policy " + policy + " needs a default price");
            }
            this.policy = policy;
            this.defaultPrice = defaultPrice;
            return this;
        }

        /**
         * Sets the output cap assumed for models whose own cap is unknown.
         *
         * @param tokens the cap, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code tokens} is below 1
         */
        public Builder defaultMaxOutputTokens(long tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("defaultMaxOutputTokens must be at least 1 but was " + tokens);
            }
            this.defaultMaxOutputTokens = tokens;
            return this;
        }

        /**
         * Builds the book.
         *
         * @return the book
         */
        public PriceBook build() {
            return new PriceBook(this);
        }
    }
}
