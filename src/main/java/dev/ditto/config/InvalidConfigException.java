package dev.ditto.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a configuration cannot be used; lists every problem found, each naming the path
 * of the offending field and the reason, so an operator can fix them all in one pass.
 */
public final class InvalidConfigException extends RuntimeException {

    private final String source;
    private final transient List<ConfigProblem> problems;

    /**
     * Creates the exception.
     *
     * @param source where the configuration came from, such as a file path
     * @param problems what is wrong; at least one
     */
    public InvalidConfigException(String source, List<ConfigProblem> problems) {
        super(render(source, problems), null, false, false);
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns where the configuration came from.
     *
     * @return the source description
     */
    public String source() {
        return source;
    }

    /**
     * Returns the problems found.
     *
     * @return the problems, in the order they were found
     */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String render(String source, List<ConfigProblem> problems) {
        String header = "invalid configuration (" + source + "), " + problems.size()
                + (problems.size() == 1 ? " problem:" : " problems:");
        return problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
