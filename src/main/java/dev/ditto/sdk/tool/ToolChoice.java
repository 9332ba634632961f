package dev.ditto.sdk.tool;

import java.util.Objects;

/**
 * Whether and which tool the model must call: {@link Mode#AUTO} (the model decides), {@link
 * Mode#NONE} (no tool), {@link Mode#REQUIRED} (some tool) or {@link Named} (this tool).
 *
 * <p>All choices are immutable.
 */
public sealed interface ToolChoice permits ToolChoice.Mode, ToolChoice.Named {

    /**
     * Returns the choice that lets the model decide.
     *
     * @return {@link Mode#AUTO}
     */
    static ToolChoice auto() {
        return Mode.AUTO;
    }

    /**
     * Returns the choice that forbids tool calls.
     *
     * @return {@link Mode#NONE}
     */
    static ToolChoice none() {
        return Mode.NONE;
    }

    /**
     * Returns the choice that forces some tool call.
     *
     * @return {@link Mode#REQUIRED}
     */
    static ToolChoice required() {
        return Mode.REQUIRED;
    }

    /**
     * Returns the choice that forces a call of the named tool.
     *
     * @param toolName the tool's name
     * @return the choice
     * @throws IllegalArgumentException if {@code toolName} is blank
     */
    static ToolChoice tool(String toolName) {
        return new Named(toolName);
    }

    /** The choices that name no tool. */
    enum Mode implements ToolChoice {
        /** The model decides whether to call tools. */
        AUTO,
        /** The model must not call tools. */
        NONE,
        /** The model must call at least one tool. */
        REQUIRED
    }

    /**
     * The model must call this tool.
     *
     * @param toolName the tool's name
     */
    record Named(String toolName) implements ToolChoice {

        /**
         * Validates the name.
         *
         * @param toolName the tool's name
         * @throws IllegalArgumentException if {@code toolName} is blank
         */
        public Named {
            Objects.requireNonNull(toolName, "toolName");
            if (toolName.isBlank()) {
                throw new IllegalArgumentException("tool choice must name a tool");
            }
        }
    }
}
