package dev.ditto.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A parsed Prometheus text exposition ({@code GET /metrics}): its samples, to look up by name and
 * labels.
 *
 * <pre>{@code
 * PrometheusText metrics = PrometheusText.parse(gateway.get("/metrics").body());
 * double ok = metrics.value("ditto_requests_total", Map.of("outcome", "ok")).orElseThrow();
 * }</pre>
 */
public final class PrometheusText {

    /**
     * One sample line.
     *
     * @param name the sample name, such as {@code ditto_requests_total}
     * @param labels its labels, in the order written
     * @param value its value
     */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    /**
     * Parses an exposition.
     *
     * @param text the body of {@code /metrics}
     * @return the samples
     * @throws IllegalArgumentException if a line is not a valid sample
     */
    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(sample(line));
            }
        }
        return new PrometheusText(samples);
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (brace < 0 || brace > space) {
            return new Sample(line.substring(0, space), Map.of(), Double.parseDouble(line.substring(space + 1).trim()));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        int i = brace + 1;
        while (line.charAt(i) != '}') {
            int equals = line.indexOf('=', i);
            String name = line.substring(i, equals);
            StringBuilder value = new StringBuilder();
            int j = equals + 2;
            for (; line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\') {
                    char escaped = line.charAt(++j);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
            }
            labels.put(name, value.toString());
            i = line.charAt(j + 1) == ',' ? j + 2 : j + 1;
        }
        return new Sample(line.substring(0, brace), labels, Double.parseDouble(line.substring(i + 1).trim()));
    }

    /**
     * Returns every sample.
     *
     * @return the samples, in the order of the exposition
     */
    public List<Sample> samples() {
        return samples;
    }

    /**
     * Returns the samples of a name whose labels include the given ones.
     *
     * @param name the sample name
     * @param labels labels the samples must have, with these values
     * @return the matching samples
     */
    public List<Sample> samples(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(sample -> sample.name().equals(name))
                .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
    }

    /**
     * Returns the sum of the samples of a name whose labels include the given ones.
     *
     * @param name the sample name
     * @param labels labels the samples must have
     * @return the sum, or empty when no sample matches
     */
    public OptionalDouble value(String name, Map<String, String> labels) {
        List<Sample> matching = samples(name, labels);
        return matching.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(matching.stream().mapToDouble(Sample::value).sum());
    }

    /**
     * Tells whether any sample has a name that starts with a prefix.
     *
     * @param prefix such as {@code litellm_}
     * @return true if one does
     */
    public boolean hasNameStartingWith(String prefix) {
        return samples.stream().anyMatch(sample -> sample.name().startsWith(prefix));
    }
}
