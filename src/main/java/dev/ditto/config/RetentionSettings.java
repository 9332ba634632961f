package dev.ditto.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How long history is kept ({@code ditto.retention}), per kind of record, and how the purge
 * runs. Each age is a duration such as {@code 90d}, {@code 12h}, {@code 2w}, or {@code never}.
 *
 * <pre>
 * ditto:
 *   retention:
 *     spend_logs: 90d      # default
 *     audit: 400d          # default
 *     interval: 1h         # how often each replica purges; default
 *     batch_size: 1000     # rows per delete transaction; default
 * </pre>
 *
 * @param spendLogs how long spend-log rows are kept; null keeps them forever
 * @param audit how long audit records are kept; null keeps them forever
 * @param interval how often the scheduled purge runs; null turns it off (the admin endpoint still works)
 * @param batchSize how many rows one delete transaction removes at most
 */
public record RetentionSettings(@Nullable Duration spendLogs, @Nullable Duration audit, @Nullable Duration interval,
        int batchSize) {

    /** Spend logs are kept 90 days unless configured. */
    public static final Duration DEFAULT_SPEND_LOGS = Duration.ofDays(90);
    /** Audit records are kept 400 days unless configured. */
    public static final Duration DEFAULT_AUDIT = Duration.ofDays(400);
    /** The scheduled purge runs hourly unless configured. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
    /** Rows per delete transaction unless configured. */
    public static final int DEFAULT_BATCH_SIZE = 1000;

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d|w)");
    private static final String NEVER = "never";

    /**
     * Returns the defaults.
     *
     * @return spend logs 90 days, audit 400 days, hourly, 1000 rows per batch
     */
    public static RetentionSettings ofDefaults() {
        return new RetentionSettings(DEFAULT_SPEND_LOGS, DEFAULT_AUDIT, DEFAULT_INTERVAL, DEFAULT_BATCH_SIZE);
    }

    static RetentionSettings read(ConfigReader in) {
        Integer batchSize = in.integer("batch_size", 1, 100_000);
        RetentionSettings settings = new RetentionSettings(age(in, "spend_logs", DEFAULT_SPEND_LOGS),
                age(in, "audit", DEFAULT_AUDIT), age(in, "interval", DEFAULT_INTERVAL),
                batchSize == null ? DEFAULT_BATCH_SIZE : batchSize);
        in.finish();
        return settings;
    }

    private static @Nullable Duration age(ConfigReader in, String key, Duration fallback) {
        String text = in.string(key);
        if (text == null) {
            return fallback;
        }
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals(NEVER)) {
            return null;
        }
        Matcher matcher = DURATION.matcher(value);
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) < 1) {
            in.context().problem(in.pathOf(key), "expected a duration such as 90d, 12h, 30m, 2w or 'never', got '"
                    + text + "'");
            return fallback;
        }
        long n = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofDays(n);
        };
    }
}
