package dev.ditto.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One fallback rule: when {@code modelName} fails, try these model groups in order. LiteLLM writes
 * a list of one-key mappings: {@code fallbacks: [{"gpt-4o": ["gpt-4o-mini", "claude"]}]}.
 *
 * @param modelName the model group the rule applies to
 * @param fallbacks model groups to try, in order
 */
public record Fallback(String modelName, List<String> fallbacks) {

    /** Copies the list so the record stays immutable. */
    public Fallback {
        fallbacks = List.copyOf(fallbacks);
    }

    static List<Fallback> readList(ConfigReader in, String key) {
        List<Fallback> rules = new ArrayList<>();
        for (ConfigReader item : in.objectList(key)) {
            for (String modelName : item.keys()) {
                rules.add(new Fallback(modelName, item.stringList(modelName)));
            }
        }
        return rules;
    }
}
