package dev.ditto.gateway.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.control.AdmissionDeniedException;
import dev.ditto.control.Caller;
import dev.ditto.control.Outcome;
import dev.ditto.gateway.Gateway;
import dev.ditto.gateway.api.ApiError;
import dev.ditto.gateway.api.ApiException;
import dev.ditto.gateway.api.ErrorResponses;
import dev.ditto.gateway.api.JsonBody;
import dev.ditto.gateway.filter.TenantAuthFilter;
import dev.ditto.sdk.InvalidRequestException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingress route of the data plane: decodes the client's request in its format (validation,
 * and the model, stream flag and token cap that admission needs), then hands it, with the raw
 * body for passthrough attempts, to a {@link RelayExchange} on an asynchronous request, so no container thread waits for
 * the upstream. A plain servlet rather than a Jakarta REST resource because it needs
 * non-blocking output with back-pressure. Errors come back in the route's own format.
 */
abstract class RelayServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(RelayServlet.class);
    /** A rough ratio of JSON request bytes to prompt tokens, for bodies whose tokens are not counted. */
    private static final int BYTES_PER_TOKEN = 4;
    /**
     * Bodies larger than this are estimated from their size rather than tokenized: counting a
     * quarter of a megabyte already takes milliseconds of CPU on the request thread.
     */
    static final long MAX_COUNTED_BYTES = 256 * 1024;

    private transient @Nullable Gateway gateway;
    private final transient EdgeFormat format;
    private final @Nullable OpenAiRoute route;

    /**
     * Creates the route's servlet.
     *
     * @param format the client's wire format
     * @param route the OpenAI route, for deployments that take the request as it is (passthrough);
     *     null where every request is translated
     */
    RelayServlet(EdgeFormat format, @Nullable OpenAiRoute route) {
        this.format = format;
        this.route = route;
    }

    @Override
    public void init() {
        gateway = Gateway.from(getServletContext());
    }

    /** Lets go of the gateway: a container may keep this servlet reachable after an undeploy. */
    @Override
    public void destroy() {
        gateway = null;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long startedAt = gateway().dataPlane().ticker().read();
        try {
            requireJson(request);
            byte[] raw = JsonBody.readBytes(request.getInputStream());
            start(JsonBody.readObject(raw, gateway().json()), raw, request, startedAt);
        } catch (ApiException e) {
            Admissions.report(gateway(), request, e);
            write(e.error().status(), format.gatewayError(e.error()), response);
        } catch (AdmissionDeniedException e) {
            Admissions.report(gateway(), request, e);
            gateway().dataPlane().events().admissionRejected(e.code());
            ApiError refusal = Admissions.refusal(e, response);
            write(refusal.status(), format.gatewayError(refusal), response);
        } catch (InvalidRequestException e) {
            EdgeFormat.Error error = format.encodeError(e);
            write(error.status(), error.body(), response);
        } catch (RuntimeException e) {
            ApiError error = ErrorResponses.internal(e, LOG);
            write(error.status(), format.gatewayError(error), response);
        }
    }

    /** OpenAI's error type of a refusal; budget refusals carry LiteLLM's {@code budget_exceeded} type. */
    /**
     * Decodes the request and starts its exchange on an asynchronous request.
     *
     * @param body the request body, parsed; decoders and adapters may change it
     * @param raw the request body as the client sent it, for passthrough
     * @param request the servlet request
     * @param startedAt when the gateway received it, by the data plane's ticker
     * @throws IOException if the response cannot be set up
     */
    void start(ObjectNode body, byte[] raw, HttpServletRequest request, long startedAt) throws IOException {
        EdgeFormat.Decoded edge = format.decode(body, request);
        requireModel(edge.model());
        Integer maxTokens = edge.request().maxOutputTokens();
        long prompt = promptTokens(request, edge.model(), modelId -> gateway().tokens().count(edge.request(), modelId));
        Settlement settlement = admit(request, edge.model(), maxTokens == null ? null : maxTokens.longValue(),
                edge.stream(), startedAt, prompt);
        run(settlement, request, edge.model(), AdapterCalls.languageModel(edge),
                passthrough(raw, edge.stream(), edge.includeUsage()));
    }

    /** How attempts forward the client's body as it is, on routes where deployments may take it. */
    final @Nullable PassthroughCall passthrough(byte[] raw, boolean stream, boolean includeUsage) {
        return route == null ? null : new PassthroughCall(route, raw, stream, includeUsage);
    }

    /** Starts the exchange of an admitted request; if that fails, the permit is released before the error answer. */
    final void run(Settlement settlement, HttpServletRequest request, String model, RelayExchange.Caller adapter,
            RelayExchange.@Nullable Caller passthrough) throws IOException {
        run(settlement, () -> new RelayExchange(gateway().dataPlane(), format, model, startAsync(request), gateway().json(),
                settlement, adapter, passthrough).start());
    }

    /**
     * Authorizes the caller for the model and admits the request against its limits and
     * budgets: the returned settlement holds the permit and must be settled exactly once.
     *
     * @param request the servlet request, authenticated by the auth filter
     * @param model the model group asked for
     * @param maxOutputTokens the request's output cap, if it has one
     * @param stream whether the client wants a stream
     * @param startedAt when the gateway received it, by the data plane's ticker
     * @return the admitted request's settlement
     * @throws ApiException 403 if the caller's key may not use the model
     * @throws AdmissionDeniedException if a limit or budget refuses the request
     */
    final Settlement admit(HttpServletRequest request, String model, @Nullable Long maxOutputTokens, boolean stream,
            long startedAt) {
        return admit(request, model, maxOutputTokens, stream, startedAt, bytesEstimate(request));
    }

    /**
     * Admits the request as {@link #admit(HttpServletRequest, String, Long, boolean, long)} does,
     * with the prompt's tokens as the route counted them.
     *
     * @param request the servlet request, authenticated by the auth filter
     * @param model the model group asked for
     * @param maxOutputTokens the request's output cap, if it has one
     * @param stream whether the client wants a stream
     * @param startedAt when the gateway received it, by the data plane's ticker
     * @param promptTokens the prompt's tokens, counted or estimated ({@link #promptTokens})
     * @return the admitted request's settlement
     * @throws ApiException 403 if the caller's key may not use the model
     * @throws AdmissionDeniedException if a limit or budget refuses the request
     */
    final Settlement admit(HttpServletRequest request, String model, @Nullable Long maxOutputTokens, boolean stream,
            long startedAt, long promptTokens) {
        return Admissions.admit(gateway(), request, TenantAuthFilter.route(request), model, promptTokens, maxOutputTokens,
                stream, startedAt);
    }

    /**
     * Returns the prompt's tokens for admission (tpm limits, the worst-case cost): counted offline
     * with the tokenizer of the model group's first deployment, or, for a body over {@value
     * #MAX_COUNTED_BYTES} bytes or one the counter cannot handle, estimated as a token per
     * {@value #BYTES_PER_TOKEN} bytes.
     *
     * @param request the servlet request, for the body's size
     * @param model the model group asked for
     * @param counter counts the decoded request's prompt for a provider model id
     * @return the tokens, at least 0
     */
    final long promptTokens(HttpServletRequest request, String model, ToLongFunction<String> counter) {
        if (request.getContentLengthLong() <= MAX_COUNTED_BYTES) {
            try {
                return Math.max(0, counter.applyAsLong(tokenizerModel(model)));
            } catch (RuntimeException e) {
                LOG.debug("event=prompt_not_counted model={} error=\"{}\" (estimated from the body's size)", model,
                        e.toString());
            }
        }
        return bytesEstimate(request);
    }

    private static long bytesEstimate(HttpServletRequest request) {
        return Math.max(0, request.getContentLengthLong()) / BYTES_PER_TOKEN;
    }

    /** The provider model id whose tokenizer counts a group's prompts: its first deployment's. */
    private String tokenizerModel(String model) {
        return gateway().catalog().group(model).filter(group -> !group.isEmpty())
                .map(group -> group.get(0).litellmParams().model()).orElse(model);
    }

    static void run(Settlement settlement, Starter starter) throws IOException {
        try {
            starter.start();
        } catch (IOException | RuntimeException e) {
            settlement.settle(Outcome.Status.GATEWAY_ERROR, 500, null);
            throw e;
        }
    }

    /** Creates and starts an exchange. */
    @FunctionalInterface
    interface Starter {
        void start() throws IOException;
    }

    final Gateway gateway() {
        Gateway wired = gateway;
        if (wired == null) {
            throw new IllegalStateException("the servlet is not in service (init() not run, or destroy() ran)");
        }
        return wired;
    }

    final EdgeFormat format() {
        return format;
    }

    final void requireModel(String model) {
        if (gateway().catalog().group(model).isEmpty()) {
            throw new ApiException(ApiError.invalidRequest(404, "model_not_found", "The model '" + model
                    + "' does not exist; GET /v1/models lists the models you may use.", "model"));
        }
    }

    static AsyncContext startAsync(HttpServletRequest request) {
        AsyncContext async = request.startAsync();
        // The exchange ends the request itself; the adapters' transports bound the upstream time.
        async.setTimeout(0);
        return async;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "POST");
        write(405, format.gatewayError(ApiError.invalidRequest(405, "method_not_allowed",
                "Method GET is not allowed on " + request.getRequestURI() + ".", null)), response);
    }

    private void write(int status, ObjectNode body, HttpServletResponse response) throws IOException {
        ErrorResponses.write(status, body, gateway().json(), response);
    }

    private static void requireJson(HttpServletRequest request) {
        String type = request.getContentType();
        if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(ApiError.invalidRequest(415, "unsupported_media_type", "Unsupported Content-Type '"
                    + type + "' on POST " + request.getRequestURI() + "; send application/json.", null));
        }
    }
}
