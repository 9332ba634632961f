package dev.ditto.control.limits;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rate-limit headers of a refusal, in OpenAI's shape ({@code x-ratelimit-limit-requests},
 * {@code x-ratelimit-remaining-tokens}, {@code x-ratelimit-reset-requests} as a Go duration such
 * as {@code 6m0s}) and, on Anthropic's routes, Anthropic's as well
 * ({@code anthropic-ratelimit-requests-reset} as an RFC 3339 time). Each metric reports the
 * counter that refused, else the one with the least remaining.
 */
final class RateLimitHeaders {

    static final String OPENAI_PREFIX = "x-ratelimit-";
    static final String ANTHROPIC_PREFIX = "anthropic-ratelimit-";

    private RateLimitHeaders() {}

    static Map<String, String> of(Plan plan, AdmitResult result, boolean anthropic, long nowMillis) {
        Map<String, String> headers = new LinkedHashMap<>();
        add(headers, plan.counters(), result, RateLimit.Metric.REQUESTS, "requests", anthropic, nowMillis);
        add(headers, plan.counters(), result, RateLimit.Metric.TOKENS, "tokens", anthropic, nowMillis);
        return headers;
    }

    private static void add(Map<String, String> headers, List<Plan.CounterSource> sources, AdmitResult result,
            RateLimit.Metric metric, String name, boolean anthropic, long nowMillis) {
        int chosen = -1;
        for (int i = 0; i < sources.size(); i++) {
            if (sources.get(i).limit().metric() != metric) {
                continue;
            }
            if (i == result.deniedCounter()) {
                chosen = i;
                break;
            }
            if (chosen < 0 || result.counters().get(i).remaining() < result.counters().get(chosen).remaining()) {
                chosen = i;
            }
        }
        if (chosen < 0) {
            return;
        }
        long limit = sources.get(chosen).limit().limit();
        AdmitResult.CounterState state = result.counters().get(chosen);
        headers.put(OPENAI_PREFIX + "limit-" + name, Long.toString(limit));
        headers.put(OPENAI_PREFIX + "remaining-" + name, Long.toString(state.remaining()));
        headers.put(OPENAI_PREFIX + "reset-" + name, goDuration(state.resetMillis()));
        if (anthropic) {
            headers.put(ANTHROPIC_PREFIX + name + "-limit", Long.toString(limit));
            headers.put(ANTHROPIC_PREFIX + name + "-remaining", Long.toString(state.remaining()));
            headers.put(ANTHROPIC_PREFIX + name + "-reset",
                    Instant.ofEpochMilli(nowMillis + state.resetMillis()).truncatedTo(ChronoUnit.SECONDS).toString());
        }
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
