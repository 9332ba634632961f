package dev.ditto.control.limits;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rate-limit headers of a refusal or of an admitted request, in OpenAI's shape ({@code x-ratelimit-limit-requests},
 * {@code x-ratelimit-remaining-tokens}, {@code x-ratelimit-reset-requests} as a Go duration such
 * as {@code 6m0s}) and, on Anthropic's routes, Anthropic's as well
 * ({@code anthropic-ratelimit-requests-reset} as an RFC 3339 time). Each metric reports the
 * counter that refused, else the one with the least remaining: before the refused request, or
 * after the admitted one.
 */
final class RateLimitHeaders {

    static final String OPENAI_PREFIX = "x-ratelimit-";
    static final String ANTHROPIC_PREFIX = "anthropic-ratelimit-";

    private RateLimitHeaders() {}

    /** The headers of a refusal: what was left before the refused request. */
    static Map<String, String> of(Plan plan, AdmitResult result, boolean anthropic, long nowMillis) {
        return headers(plan, result, anthropic, nowMillis, false);
    }

    /** The headers of an admitted request: what is left once it is counted. */
    static Map<String, String> admitted(Plan plan, AdmitResult result, boolean anthropic, long nowMillis) {
        return headers(plan, result, anthropic, nowMillis, true);
    }

    private static Map<String, String> headers(Plan plan, AdmitResult result, boolean anthropic, long nowMillis,
            boolean counted) {
        Map<String, String> headers = new LinkedHashMap<>();
        add(headers, plan, result, RateLimit.Metric.REQUESTS, "requests", anthropic, nowMillis, counted);
        add(headers, plan, result, RateLimit.Metric.TOKENS, "tokens", anthropic, nowMillis, counted);
        return headers;
    }

    private static void add(Map<String, String> headers, Plan plan, AdmitResult result, RateLimit.Metric metric,
            String name, boolean anthropic, long nowMillis, boolean counted) {
        List<Plan.CounterSource> sources = plan.counters();
        int chosen = -1;
        long least = Long.MAX_VALUE;
        for (int i = 0; i < sources.size(); i++) {
            if (sources.get(i).limit().metric() != metric) {
                continue;
            }
            if (i == result.deniedCounter()) {
                chosen = i;
                break;
            }
            long remaining = remaining(plan, result, i, counted);
            if (chosen < 0 || remaining < least) {
                chosen = i;
                least = remaining;
            }
        }
        if (chosen < 0) {
            return;
        }
        long limit = sources.get(chosen).limit().limit();
        long remaining = remaining(plan, result, chosen, counted);
        long resetMillis = result.counters().get(chosen).resetMillis();
        headers.put(OPENAI_PREFIX + "limit-" + name, Long.toString(limit));
        headers.put(OPENAI_PREFIX + "remaining-" + name, Long.toString(remaining));
        headers.put(OPENAI_PREFIX + "reset-" + name, goDuration(resetMillis));
        if (anthropic) {
            headers.put(ANTHROPIC_PREFIX + name + "-limit", Long.toString(limit));
            headers.put(ANTHROPIC_PREFIX + name + "-remaining", Long.toString(remaining));
            headers.put(ANTHROPIC_PREFIX + name + "-reset",
                    Instant.ofEpochMilli(nowMillis + resetMillis).truncatedTo(ChronoUnit.SECONDS).toString());
        }
    }

    /** A counter's remaining quota before the request, or once its amount is counted. */
    private static long remaining(Plan plan, AdmitResult result, int index, boolean counted) {
        long before = result.counters().get(index).remaining();
        return counted ? Math.max(0, before - plan.store().counters().get(index).amount()) : before;
    }

    /** Formats milliseconds as Go's {@code time.Duration} prints them, as OpenAI does: {@code 12ms}, {@code 1.5s}, {@code 6m0s}. */
    static String goDuration(long millis) {
        if (millis <= 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        long hours = millis / 3_600_000;
        long minutes = millis % 3_600_000 / 60_000;
        long seconds = millis % 60_000 / 1000;
        long fraction = millis % 1000;
        StringBuilder out = new StringBuilder();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        out.append(seconds);
        if (fraction > 0) {
            String digits = String.format("%03d", fraction);
            out.append('.').append(digits.replaceFirst("0+$", ""));
        }
        return out.append('s').toString();
    }
}
