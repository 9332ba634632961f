package dev.ditto.sdk.tool;

/**
 * A tool offered to the model: a {@link FunctionTool} the application executes, or a {@link
 * ProviderDefinedTool} the provider executes itself. All tools are immutable.
 */
public sealed interface Tool permits FunctionTool, ProviderDefinedTool {

    /**
     * Returns the name the model uses to call this tool; unique within a request.
     *
     * @return the name
     */
    String name();
}
