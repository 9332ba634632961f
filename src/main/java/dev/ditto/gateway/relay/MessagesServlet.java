package dev.ditto.gateway.relay;

/** {@code POST /v1/messages} (also without {@code /v1}): Anthropic clients, any provider behind. */
public final class MessagesServlet extends RelayServlet {

    /** Created by the servlet container from web.xml. */
    public MessagesServlet() {
        super(EdgeFormats.anthropicMessages(), null);
    }
}
