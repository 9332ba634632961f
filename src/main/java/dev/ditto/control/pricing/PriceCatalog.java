package dev.ditto.control.pricing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * List prices of models by name: the built-in table ({@code prices.csv} next to this class) or
 * any other. A lookup tries {@code provider/model}, then the bare model, then both again with a
 * date or {@code -latest} suffix removed, so {@code anthropic/claude-sonnet-4-5-20250929} finds
 * {@code claude-sonnet-4-5}. Immutable and thread-safe.
 *
 * <pre>{@code
 * Optional<ModelPrice> price = PriceCatalog.ofDefaults().find("openai", "gpt-4o-2024-08-06");
 * }</pre>
 */
public final class PriceCatalog {

    /** The built-in table, a classpath resource next to this class. */
    public static final String RESOURCE = "prices.csv";

    private static final Pattern SNAPSHOT_SUFFIX =
            Pattern.compile("(-\\d{4}-\\d{2}-\\d{2}|-\\d{8}|@\\d{8}|-latest)$");

    private final Map<String, ModelPrice> prices;

    private PriceCatalog(Map<String, ModelPrice> prices) {
        this.prices = Map.copyOf(prices);
    }

    /**
     * Returns the built-in table.
     *
     * @return the catalog
     * @throws IllegalStateException if the resource is missing or malformed (a packaging fault)
     */
    public static PriceCatalog ofDefaults() {
        try (InputStream in = PriceCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the price table " + RESOURCE + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the price table " + RESOURCE, e);
        }
    }

    /**
     * Returns a catalog of the given prices.
     *
     * @param prices model name (bare or {@code provider/model}) to price
     * @return the catalog
     */
    public static PriceCatalog of(Map<String, ModelPrice> prices) {
        Map<String, ModelPrice> normalized = new LinkedHashMap<>();
        prices.forEach((name, price) -> normalized.put(name.toLowerCase(Locale.ROOT), price));
        return new PriceCatalog(normalized);
    }

    /**
     * Parses a table in the built-in format: comma-separated lines {@code model, input, output,
     * cached_input, cache_write, reasoning, max_output_tokens} (USD per million tokens), a header
     * line starting with {@code model,}, and {@code #} comments.
     *
     * @param csv the table
     * @return the catalog
     * @throws IllegalArgumentException naming the line that is malformed
     */
    public static PriceCatalog parse(String csv) {
        Map<String, ModelPrice> prices = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(new java.io.StringReader(csv))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("model,")) {
                    continue;
                }
                try {
                    String[] cells = trimmed.split(",", -1);
                    if (cells.length != 7) {
                        throw new IllegalArgumentException("expected 7 columns, got " + cells.length);
                    }
                    prices.put(cells[0].strip().toLowerCase(Locale.ROOT), new ModelPrice(
                            new BigDecimal(cells[1].strip()), new BigDecimal(cells[2].strip()), decimal(cells[3]),
                            decimal(cells[4]), decimal(cells[5]),
                            cells[6].isBlank() ? null : Long.valueOf(cells[6].strip())));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("price table line " + number + " ('" + trimmed + "'): "
                            + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PriceCatalog(prices);
    }

    /**
     * Finds a model's price.
     *
     * @param provider the provider prefix, such as {@code openai}
     * @param model the provider's model id
     * @return the price, or empty when the catalog does not list the model
     */
    public Optional<ModelPrice> find(String provider, String model) {
        String bare = model.toLowerCase(Locale.ROOT);
        if (bare.startsWith("models/")) {
            bare = bare.substring("models/".length());
        }
        String qualified = provider.toLowerCase(Locale.ROOT) + "/" + bare;
        ModelPrice price = lookup(qualified, bare);
        if (price == null) {
            String family = SNAPSHOT_SUFFIX.matcher(bare).replaceFirst("");
            price = lookup(provider.toLowerCase(Locale.ROOT) + "/" + family, family);
        }
        return Optional.ofNullable(price);
    }

    /**
     * Returns how many models the catalog lists.
     *
     * @return the count
     */
    public int size() {
        return prices.size();
    }

    private @Nullable ModelPrice lookup(String qualified, String bare) {
        ModelPrice price = prices.get(qualified);
        return price != null ? price : prices.get(bare);
    }

    private static @Nullable BigDecimal decimal(String cell) {
        return cell.isBlank() ? null : new BigDecimal(cell.strip());
    }
}
