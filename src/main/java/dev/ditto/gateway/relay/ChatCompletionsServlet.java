package dev.ditto.gateway.relay;

/** {@code POST /v1/chat/completions} (also without {@code /v1}): OpenAI Chat clients, any provider behind. */
public final class ChatCompletionsServlet extends RelayServlet {

    /** Created by the servlet container from web.xml. */
    public ChatCompletionsServlet() {
        super(EdgeFormats.openAiChat(), OpenAiRoute.CHAT);
    }
}
