package dev.ditto.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.SystemMessage;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolMessage;
import dev.ditto.sdk.message.ToolResultPart;
import dev.ditto.sdk.message.UserMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps a conversation to Anthropic's system prompt and turns, and back. Stateless.
 *
 * <p>Anthropic takes the system prompt apart from the turns, and tool results inside user turns;
 * consecutive messages that land in the same role are merged into one turn, in order.
 */
final class PromptMapper {

    static final String USER = "user";
    static final String ASSISTANT = "assistant";

    private PromptMapper() {
    }

    /** The system prompt and turns of a conversation. */
    record Prompt(List<WireBlock.Text> system, List<WireRequest.Turn> turns) {
    }

    static Prompt toWire(List<Message> messages, List<Warning> warnings) {
        List<WireBlock.Text> system = new ArrayList<>();
        List<WireRequest.Turn> turns = new ArrayList<>();
        for (Message message : messages) {
            if (message instanceof SystemMessage sys) {
                if (!turns.isEmpty()) {
                    warnings.add(Warning.other("Anthropic takes one system prompt before the conversation;"
                            + " a later system message was moved there"));
                }
                system.add(new WireBlock.Text(sys.text(), PartMapper.extras(sys.providerMetadata())));
                continue;
            }
            List<WireBlock> blocks = withMessageExtras(blocks(message, warnings), message.providerMetadata());
            if (blocks.isEmpty()) {
                continue;
            }
            String role = message instanceof AssistantMessage ? ASSISTANT : USER;
            int last = turns.size() - 1;
            if (last >= 0 && turns.get(last).role().equals(role)) {
                List<WireBlock> merged = new ArrayList<>(turns.get(last).content());
                merged.addAll(blocks);
                turns.set(last, new WireRequest.Turn(role, merged));
            } else {
                turns.add(new WireRequest.Turn(role, blocks));
            }
        }
        trimFinalAssistantText(turns);
        return new Prompt(system, turns);
    }

    private static List<WireBlock> blocks(Message message, List<Warning> warnings) {
        List<WireBlock> blocks = new ArrayList<>();
        if (message instanceof ToolMessage tool) {
            for (ToolResultPart result : tool.results()) {
                blocks.add(PartMapper.toolResult(result, warnings));
            }
        } else if (message instanceof UserMessage user) {
            for (ContentPart part : user.content()) {
                add(blocks, PartMapper.userBlock(part, warnings));
            }
        } else if (message instanceof AssistantMessage assistant) {
            for (ContentPart part : assistant.content()) {
                add(blocks, PartMapper.assistantBlock(part, warnings));
            }
        }
        return blocks;
    }

    private static void add(List<WireBlock> blocks, @Nullable WireBlock block) {
        if (block != null) {
            blocks.add(block);
        }
    }

    /** Message-level Anthropic fields (a {@code cache_control} breakpoint) belong on its last block. */
    private static List<WireBlock> withMessageExtras(List<WireBlock> blocks, ProviderMetadata metadata) {
        // Only cache_control is a message-level setting that belongs on the last block. A
        // message made from a result (LanguageModelResult.toMessage) also carries response-level
        // fields (stop_sequence, container, context_management...), which no block accepts.
        ObjectNode extras = AnthropicJson.object();
        JsonNode cacheControl = PartMapper.extras(metadata).get(CACHE_CONTROL);
        if (cacheControl != null) {
            extras.set(CACHE_CONTROL, cacheControl);
        }
        if (extras.isEmpty() || blocks.isEmpty()) {
            return blocks;
        }
        List<WireBlock> copy = new ArrayList<>(blocks);
        WireBlock last = copy.get(copy.size() - 1);
        ObjectNode json = AnthropicJson.mergeMissing(last.toJson(), extras);
        copy.set(copy.size() - 1, WireBlock.read(json, "message"));
        return copy;
    }

    private static final String CACHE_CONTROL = "cache_control";

    /** Anthropic rejects a final assistant turn (a prefill) whose text ends in whitespace. */
    private static void trimFinalAssistantText(List<WireRequest.Turn> turns) {
        if (turns.isEmpty() || !turns.get(turns.size() - 1).role().equals(ASSISTANT)) {
            return;
        }
        WireRequest.Turn turn = turns.get(turns.size() - 1);
        List<WireBlock> content = new ArrayList<>(turn.content());
        if (!content.isEmpty() && content.get(content.size() - 1) instanceof WireBlock.Text text) {
            String trimmed = text.text().stripTrailing();
            if (trimmed.isEmpty()) {
                content.remove(content.size() - 1);
            } else {
                content.set(content.size() - 1, new WireBlock.Text(trimmed, text.extras()));
            }
            turns.set(turns.size() - 1, new WireRequest.Turn(ASSISTANT, content));
        }
    }

    /**
     * Maps Anthropic's system prompt and turns to a conversation. A user turn becomes a tool
     * message for its run of tool results and a user message for its other blocks.
     *
     * @throws WireFormatException if a turn has an unknown role or an empty user turn
     */
    static List<Message> fromWire(List<WireBlock.Text> system, List<WireRequest.Turn> turns, List<Warning> warnings) {
        List<Message> messages = new ArrayList<>();
        for (WireBlock.Text text : system) {
            messages.add(new SystemMessage(text.text(), PartMapper.metadata(text.extras())));
        }
        // Tool results in Anthropic name only the call id; the tool name helps providers that need it.
        Map<String, String> toolNames = new HashMap<>();
        for (int i = 0; i < turns.size(); i++) {
            WireRequest.Turn turn = turns.get(i);
            String path = "messages[" + i + "]";
            if (turn.role().equals(ASSISTANT)) {
                List<ContentPart> parts = new ArrayList<>();
                for (WireBlock block : turn.content()) {
                    if (block instanceof WireBlock.ToolUse use) {
                        toolNames.put(use.id(), use.name());
                    }
                    parts.add(PartMapper.part(block));
                }
                messages.add(AssistantMessage.of(parts));
            } else if (turn.role().equals(USER)) {
                if (turn.content().isEmpty()) {
                    throw new WireFormatException(path + ".content", "a user turn needs at least one content block");
                }
                userTurn(turn.content(), toolNames, messages, warnings);
            } else {
                throw new WireFormatException(path + ".role", "must be 'user' or 'assistant' but was '" + turn.role() + "'");
            }
        }
        return messages;
    }

    private static void userTurn(List<WireBlock> blocks, Map<String, String> toolNames, List<Message> messages,
            List<Warning> warnings) {
        List<ToolResultPart> results = new ArrayList<>();
        List<ContentPart> parts = new ArrayList<>();
        for (WireBlock block : blocks) {
            if (block instanceof WireBlock.ToolResult result) {
                flushUser(parts, messages);
                results.add(toolResult(result, toolNames.get(result.toolUseId()), warnings));
            } else {
                flushTool(results, messages);
                parts.add(PartMapper.part(block));
            }
        }
        flushTool(results, messages);
        flushUser(parts, messages);
    }

    private static void flushUser(List<ContentPart> parts, List<Message> messages) {
        if (!parts.isEmpty()) {
            messages.add(UserMessage.of(parts.toArray(ContentPart[]::new)));
            parts.clear();
        }
    }

    private static void flushTool(List<ToolResultPart> results, List<Message> messages) {
        if (!results.isEmpty()) {
            messages.add(ToolMessage.of(List.copyOf(results)));
            results.clear();
        }
    }

    private static ToolResultPart toolResult(WireBlock.ToolResult result, @Nullable String toolName,
            List<Warning> warnings) {
        List<ContentPart> content = new ArrayList<>();
        for (WireBlock block : result.content()) {
            ContentPart part = block instanceof WireBlock.Text text
                    ? new TextPart(text.text(), PartMapper.metadata(text.extras()))
                    : PartMapper.media(block);
            if (part != null) {
                content.add(part);
            } else {
                warnings.add(new Warning(Warning.Type.UNSUPPORTED_CONTENT, block.type(), "a '" + block.type()
                        + "' block in the result of tool call '" + result.toolUseId() + "' has no provider-neutral form;"
                        + " it was left out"));
            }
        }
        return new ToolResultPart(result.toolUseId(), toolName, content, result.isError(), PartMapper.metadata(result.extras()));
    }
}
