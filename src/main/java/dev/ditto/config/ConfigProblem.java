package dev.ditto.config;

/**
 * One thing wrong with a configuration file.
 *
 * @param path where it is, in the file's own terms, such as {@code model_list[2].litellm_params.api_base}
 * @param message why it is wrong, and what would be right where that can be said
 */
public record ConfigProblem(String path, String message) {

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
