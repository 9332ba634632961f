package dev.ditto.provider.gemini;

import dev.ditto.provider.gemini.GeminiWire.ThinkingConfig;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.ReasoningEffort;
import dev.ditto.sdk.Warning;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Expresses the request's reasoning settings as Gemini's {@code thinkingConfig}: a token budget
 * is sent as {@code thinkingBudget}; an effort becomes a {@code thinkingLevel} on Gemini 3 models
 * and a budget on earlier ones (each with a warning where the value is approximated). Whenever
 * reasoning is asked for, {@code includeThoughts} is set so that the thoughts come back as
 * reasoning parts. Stateless.
 */
final class GeminiThinking {

    /** Budgets for OpenAI-style efforts on Gemini 2.5, within every 2.5 model's range. */
    private static final int MINIMAL_BUDGET = 512;
    private static final int LOW_BUDGET = 1024;
    private static final int MEDIUM_BUDGET = 8192;
    private static final int HIGH_BUDGET = 24576;
    private static final int XHIGH_BUDGET = 32768;
    /** The least budget 2.5 Pro accepts; it cannot turn thinking off. */
    private static final int PRO_MIN_BUDGET = 128;

    private GeminiThinking() {
    }

    /**
     * Returns the thinking settings of a request.
     *
     * @param request the request
     * @param modelId the model
     * @param warnings receives approximations
     * @return the settings, or {@code null} when the request says nothing about reasoning
     */
    static @Nullable ThinkingConfig config(LanguageModelRequest request, String modelId, List<Warning> warnings) {
        Integer budget = request.reasoningBudgetTokens();
        ReasoningEffort effort = request.reasoningEffort();
        if (budget != null) {
            if (effort != null) {
                warnings.add(Warning.unsupportedSetting("reasoningEffort", "Gemini takes either a budget or an "
                        + "effort; the budget " + budget + " was sent and the effort " + effort.wireName() + " ignored"));
            }
            return new ThinkingConfig(budget, null, budget != 0 ? Boolean.TRUE : null);
        }
        if (effort == null) {
            return null;
        }
        String model = modelId.toLowerCase(Locale.ROOT);
        boolean pro = model.contains("pro");
        if (model.contains("gemini-3")) {
            String level = level(effort, pro);
            if (!level.equals(effort.wireName())) {
                warnings.add(Warning.approximated("reasoningEffort", "the effort " + effort.wireName()
                        + " was sent as Gemini thinkingLevel " + level));
            }
            return new ThinkingConfig(null, level, Boolean.TRUE);
        }
        int mapped = budget(effort, pro);
        warnings.add(Warning.approximated("reasoningEffort", "the effort " + effort.wireName()
                + " was sent as Gemini thinkingBudget " + mapped));
        return new ThinkingConfig(mapped, null, mapped != 0 ? Boolean.TRUE : null);
    }

    /** Gemini 3 Pro knows low and high; Flash also minimal and medium. */
    private static String level(ReasoningEffort effort, boolean pro) {
        return switch (effort) {
            case NONE, MINIMAL -> pro ? "low" : "minimal";
            case LOW -> "low";
            case MEDIUM -> pro ? "high" : "medium";
            case HIGH, XHIGH -> "high";
        };
    }

    private static int budget(ReasoningEffort effort, boolean pro) {
        return switch (effort) {
            case NONE -> pro ? PRO_MIN_BUDGET : 0;
            case MINIMAL -> MINIMAL_BUDGET;
            case LOW -> LOW_BUDGET;
            case MEDIUM -> MEDIUM_BUDGET;
            case HIGH -> HIGH_BUDGET;
            case XHIGH -> XHIGH_BUDGET;
        };
    }
}
