package dev.ditto.gateway.relay;

/**
 * {@code POST /v1/completions} (also without {@code /v1}): OpenAI's legacy text completions,
 * forwarded as they are to deployments that keep that API, translated (one user message) for
 * any other provider.
 */
public final class CompletionsServlet extends RelayServlet {

    /** Created by the servlet container from web.xml. */
    public CompletionsServlet() {
        super(EdgeFormats.openAiCompletions(), OpenAiRoute.COMPLETIONS);
    }
}
