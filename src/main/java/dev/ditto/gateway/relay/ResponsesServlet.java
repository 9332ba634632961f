package dev.ditto.gateway.relay;

/**
 * {@code POST /v1/responses} (also without {@code /v1}): OpenAI Responses clients; OpenAI
 * deployments are called through the Responses API, other providers through their chat API.
 */
public final class ResponsesServlet extends RelayServlet {

    /** Created by the servlet container from web.xml. */
    public ResponsesServlet() {
        super(EdgeFormats.openAiResponses(), OpenAiRoute.RESPONSES);
    }
}
