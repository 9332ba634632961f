package dev.ditto.provider.openai.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.message.ProviderMetadata;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The open output items of an {@link OpenAiResponsesStreamEncoder}; mutable, owned by one encoder. */
final class EncoderBlocks {

    private EncoderBlocks() {
    }

    /** A text block: one message item with one content part. */
    static final class TextBlock {
        final String itemId;
        final int index;
        final boolean refusal;
        final ProviderMetadata meta;
        final StringBuilder text = new StringBuilder();

        TextBlock(String itemId, int index, boolean refusal, ProviderMetadata meta) {
            this.itemId = itemId;
            this.index = index;
            this.refusal = refusal;
            this.meta = meta;
        }

        ObjectNode event(ObjectNode event) {
            return event.put("item_id", itemId).put("output_index", index).put("content_index", 0);
        }
    }

    /** A reasoning item: one summary part per reasoning block. */
    static final class ReasoningItem {
        final String itemId;
        final @Nullable String openAiId;
        final int index;
        final List<StringBuilder> summaries = new ArrayList<>();
        int openSummary = -1;
        @Nullable String encrypted;

        ReasoningItem(String itemId, @Nullable String openAiId, int index) {
            this.itemId = itemId;
            this.openAiId = openAiId;
            this.index = index;
        }

        ObjectNode event(ObjectNode event) {
            event.put("item_id", itemId).put("output_index", index);
            return openSummary >= 0 ? event.put("summary_index", openSummary) : event;
        }
    }

    /** A function call whose arguments are streaming. */
    static final class ToolBlock {
        final String itemId;
        final int index;
        final String callId;
        final String name;
        final StringBuilder arguments = new StringBuilder();

        ToolBlock(String itemId, int index, String callId, String name) {
            this.itemId = itemId;
            this.index = index;
            this.callId = callId;
            this.name = name;
        }

        ObjectNode event(ObjectNode event) {
            return event.put("item_id", itemId).put("output_index", index);
        }
    }
}
