package dev.ditto.gateway.api;

import dev.ditto.control.budget.ResetPeriod;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * LiteLLM's durations, as {@code duration} (key expiry) and {@code budget_duration} take them:
 * a count and a unit, {@code s}, {@code m}, {@code h}, {@code d}, {@code w} or {@code mo}
 * (calendar months), such as {@code 30d}. The same reading as {@code ditto.limits}: a budget of
 * {@code 1d}, {@code 1w} or {@code 1mo} resets at each UTC day, week (Monday) or month.
 */
final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(mo|s|m|h|d|w)");

    private Durations() {}

    /**
     * Returns when something that lasts a duration from {@code now} ends.
     *
     * @param field the request field, for errors
     * @param text such as {@code 30d}
     * @param now the start
     * @return the end
     * @throws ApiException 400 naming the field if the text is not a duration
     */
    static Instant after(String field, String text, Instant now) {
        Matcher matcher = match(field, text);
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2);
        Instant end = unit.equals("mo") ? now.atZone(ZoneOffset.UTC).plusMonths(amount).toInstant()
                : now.plus(duration(amount, unit));
        return RequestFields.checkTime(field, end);
    }

    /**
     * Reads a budget's period.
     *
     * @param field the request field, for errors
     * @param text {@code never}, {@code daily}, {@code weekly}, {@code monthly} or a duration such as {@code 30d}
     * @return the period
     * @throws ApiException 400 naming the field if the text is none of these
     */
    static ResetPeriod resetPeriod(String field, String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "never":
                return ResetPeriod.of(ResetPeriod.Kind.NEVER);
            case "daily", "1d":
                return ResetPeriod.of(ResetPeriod.Kind.DAILY);
            case "weekly", "1w":
                return ResetPeriod.of(ResetPeriod.Kind.WEEKLY);
            case "monthly", "1mo":
                return ResetPeriod.of(ResetPeriod.Kind.MONTHLY);
            default:
                break;
        }
        Matcher matcher = match(field, value);
        long amount = Long.parseLong(matcher.group(1));
        if (matcher.group(2).equals("mo")) {
            throw RequestFields.invalid(field, "'" + field + "' supports whole months only as 1mo (monthly), got '"
                    + text + "'; use a number of days such as 90d.");
        }
        return ResetPeriod.every(duration(amount, matcher.group(2)));
    }

    /**
     * Writes a budget's period the way {@link #resetPeriod} reads it.
     *
     * @param period the period
     * @return such as {@code 1d} or {@code 30d}; null for a budget that never resets
     */
    static @Nullable String render(ResetPeriod period) {
        return switch (period.kind()) {
            case NEVER -> null;
            case DAILY -> "1d";
            case WEEKLY -> "1w";
            case MONTHLY -> "1mo";
            case DURATION -> compact(Objects.requireNonNull(period.duration()));
        };
    }

    private static String compact(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private static Matcher match(String field, String text) {
        Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) < 1) {
            throw RequestFields.invalid(field, "'" + field + "' must be a duration such as 30s, 12h, 30d, 2w or 1mo, got '"
                    + text + "'.");
        }
        return matcher;
    }

    private static Duration duration(long amount, String unit) {
        return switch (unit) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        };
    }
}
