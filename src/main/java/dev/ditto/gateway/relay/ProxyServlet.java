package dev.ditto.gateway.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.config.ModelDeployment;
import dev.ditto.config.ProviderNames;
import dev.ditto.control.AdmissionDeniedException;
import dev.ditto.control.Caller;
import dev.ditto.gateway.Gateway;
import dev.ditto.gateway.api.ApiError;
import dev.ditto.gateway.api.ApiException;
import dev.ditto.gateway.api.ErrorResponses;
import dev.ditto.gateway.api.JsonBody;
import dev.ditto.gateway.filter.TenantAuthFilter;
import dev.ditto.gateway.filter.BodyLimitFilter;
import dev.ditto.gateway.filter.RequestBodyTooLargeException;
import dev.ditto.gateway.filter.RequestIdFilter;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passthrough routes of the OpenAI API (images, audio, moderations, rerank, files, batches,
 * stored responses; also without {@code /v1}), to OpenAI-compatible upstreams: the request is
 * authenticated (by the auth filter), admitted, routed, sent on as it is but the {@code model},
 * and the answer relayed as it is, on an asynchronous request so that no container thread waits
 * for the upstream. See {@link ProxyRoute} for the table, {@link UploadReader} for uploads and
 * {@link ProxyExchange} for the relay.
 */
public final class ProxyServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyServlet.class);
    /** The request attribute that asks the asynchronous re-dispatch to break the connection off. */
    static final String ABORT_ATTRIBUTE = ProxyServlet.class.getName() + ".abort";
    /** Client headers the upstream gets; never the client's credentials, the account's are used. */
    private static final List<String> FORWARDED_HEADERS = List.of("content-type", "accept", "openai-beta",
            "idempotency-key");
    private static final int BYTES_PER_TOKEN = 4;

    private transient @Nullable Gateway gateway;

    /** Created by the servlet container from web.xml. */
    public ProxyServlet() {
        // Wired in init() from the servlet context.
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

    private Gateway gateway() {
        Gateway wired = gateway;
        if (wired == null) {
            throw new IllegalStateException("the servlet is not in service (init() not run, or destroy() ran)");
        }
        return wired;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            // An answer broke off after part of it was sent: failing the dispatch makes the
            // container close the connection, so the client sees a broken answer, not a short one.
            Object failure = request.getAttribute(ABORT_ATTRIBUTE);
            throw new ServletException("the upstream answer broke off", failure instanceof Throwable t ? t : null);
        }
        long startedAt = gateway().dataPlane().ticker().read();
        try {
            String path = apiPath(request);
            ProxyRoute route = ProxyRoute.find(path).orElseThrow(() -> new ApiException(ApiError.invalidRequest(404,
                    "unknown_route", "No route " + request.getMethod() + " " + request.getRequestURI() + ".", null)));
            String method = request.getMethod().toUpperCase(Locale.ROOT);
            if (!route.methods().contains(method)) {
                response.setHeader("Allow", String.join(", ", new TreeSet<>(route.methods())));
                throw new ApiException(ApiError.invalidRequest(405, "method_not_allowed", "Method " + method
                        + " is not allowed on " + request.getRequestURI() + ".", null));
            }
            switch (route.kind()) {
                case MODEL_JSON -> json(route, path, request, startedAt);
                case MODEL_FORM -> form(route, path, request, startedAt);
                case ACCOUNT -> account(route, path, request, startedAt);
            }
        } catch (ApiException | AdmissionDeniedException | RequestBodyTooLargeException e) {
            Admissions.report(gateway(), request, e);
            writeError(e, response);
        } catch (RuntimeException e) {
            ErrorResponses.write(ErrorResponses.internal(e, LOG), gateway().json(), response);
        }
    }

    /** A JSON body naming its model: images/generations, audio/speech, moderations, rerank. */
    private void json(ProxyRoute route, String path, HttpServletRequest request, long startedAt) throws IOException {
        requireType(request, "application/json", "send application/json");
        ObjectNode body = JsonBody.readObject(request.getInputStream(), gateway().json());
        JsonNode model = body.get("model");
        boolean stream = body.path("stream").asBoolean(false) || "sse".equals(body.path("stream_format").asText());
        if ((model == null || model.isNull()) && route.account() != null) {
            // A moderation without a model: the upstream picks its default.
            ModelDeployment target = target(route.account());
            Settlement settlement = admit(request, route, null, 0, stream, startedAt);
            start(settlement, request, call(route, path, request, ProxyBody.of(Answers.bytes(gateway().json(), body)),
                    null, target, stream, "application/json"));
            return;
        }
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw new ApiException(ApiError.invalidRequest(400, "missing_model",
                    "'model' is required and must name a model; GET /v1/models lists them.", "model"));
        }
        String group = model.asText();
        requireGroup(group, route);
        long estimate = Math.max(0, request.getContentLengthLong()) / BYTES_PER_TOKEN;
        Settlement settlement = admit(request, route, group, estimate, stream, startedAt);
        start(settlement, request, call(route, path, request, ProxyBody.json(body, gateway().json()), group, null,
                stream, "application/json"));
    }

    /** A multipart form naming its model in a field: image edits and variations, transcriptions, translations. */
    private void form(ProxyRoute route, String path, HttpServletRequest request, long startedAt) throws IOException {
        String boundary = MultipartScanner.boundary(request.getContentType());
        if (boundary == null) {
            throw new ApiException(ApiError.invalidRequest(415, "unsupported_media_type", "Unsupported Content-Type '"
                    + request.getContentType() + "' on POST " + request.getRequestURI()
                    + "; send multipart/form-data with a boundary.", null));
        }
        AsyncContext async = RelayServlet.startAsync(request);
        UploadReader.scanning(request.getInputStream(), boundary, request.getContentLengthLong(),
                new UploadReader.Listener() {
                    @Override
                    public void ready(ProxyBody body, String model) {
                        startForm(route, path, request, async, body, model, startedAt);
                    }

                    @Override
                    public void failed(Throwable failure) {
                        formFailed(request, async, failure);
                    }
                });
    }

    private void startForm(ProxyRoute route, String path, HttpServletRequest request, AsyncContext async,
            ProxyBody body, String model, long startedAt) {
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        try {
            requireGroup(model, route);
            Settlement settlement = admit(request, route, model, 0, false, startedAt);
            ProxyExchange.Call call = call(route, path, request, body, model, null, false, null);
            try {
                new ProxyExchange(gateway().dataPlane(), call, async, gateway().json(), settlement, abort(request, async))
                        .start();
            } catch (IOException | RuntimeException e) {
                settlement.settle(dev.ditto.control.Outcome.Status.GATEWAY_ERROR, 500, null);
                throw e;
            }
        } catch (ApiException | AdmissionDeniedException e) {
            body.release();
            Admissions.report(gateway(), request, e);
            writeErrorQuietly(e, response);
            async.complete();
        } catch (IOException | RuntimeException e) {
            body.release();
            writeErrorQuietly(new ApiException(ErrorResponses.internal(e, LOG)), response);
            async.complete();
        }
    }

    private void formFailed(HttpServletRequest request, AsyncContext async, Throwable failure) {
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        Exception error;
        if (failure instanceof MultipartScanner.MalformedException malformed) {
            error = new ApiException(ApiError.invalidRequest(400, "invalid_multipart",
                    "The multipart form could not be read: " + malformed.getMessage() + ".", null));
        } else if (failure instanceof UploadReader.MissingModelException) {
            error = new ApiException(ApiError.invalidRequest(400, "missing_model",
                    "The form has no 'model' field; add one naming a model (GET /v1/models lists them).", "model"));
        } else if (failure instanceof RequestBodyTooLargeException tooLarge) {
            error = tooLarge;
        } else {
            // The client went away mid-upload; nobody is left to answer.
            LOG.debug("event=upload_abandoned request_id={} error=\"{}\"",
                    request.getAttribute(RequestIdFilter.ATTRIBUTE), failure.toString());
            async.complete();
            return;
        }
        writeErrorQuietly(error, response);
        async.complete();
    }

    /** Files, batches and stored responses: one upstream account, no model. */
    private void account(ProxyRoute route, String path, HttpServletRequest request, long startedAt) throws IOException {
        Caller caller = TenantAuthFilter.caller(request);
        if (!caller.allowedModels().isEmpty()) {
            throw new ApiException(new ApiError(403, ApiError.PERMISSION, "route_not_allowed", "This API key is "
                    + "limited to some models, and " + route.recorded() + " reaches the whole upstream account (a batch "
                    + "may run any model); use a key without a model list.", null));
        }
        ModelDeployment target = target(route.account());
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        boolean upload = method.equals("POST") && MultipartScanner.boundary(request.getContentType()) != null;
        ProxyBody body = ProxyBody.NONE;
        if (method.equals("POST") && !upload) {
            body = ProxyBody.of(request.getInputStream().readAllBytes());
        }
        Settlement settlement = admit(request, route, null, 0, false, startedAt);
        if (!upload) {
            start(settlement, request, call(route, path, request, body, null, target, false, null));
            return;
        }
        RelayServlet.run(settlement, () -> {
            AsyncContext async = RelayServlet.startAsync(request);
            UploadReader reader = UploadReader.streaming(request.getInputStream(), request.getContentLengthLong());
            new ProxyExchange(gateway().dataPlane(), call(route, path, request, reader.streamed(), null, target, false,
                    null), async, gateway().json(), settlement, abort(request, async)).start();
        });
    }

    private void start(Settlement settlement, HttpServletRequest request, ProxyExchange.Call call) throws IOException {
        RelayServlet.run(settlement, () -> {
            AsyncContext async = RelayServlet.startAsync(request);
            new ProxyExchange(gateway().dataPlane(), call, async, gateway().json(), settlement, abort(request, async))
                    .start();
        });
    }

    private ProxyExchange.Call call(ProxyRoute route, String path, HttpServletRequest request, ProxyBody body,
            @Nullable String model, @Nullable ModelDeployment target, boolean stream, @Nullable String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : FORWARDED_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        return new ProxyExchange.Call(route, request.getMethod().toUpperCase(Locale.ROOT), path,
                request.getQueryString(), headers, body, model, target, stream);
    }

    private Settlement admit(HttpServletRequest request, ProxyRoute route, @Nullable String model, long estimate,
            boolean stream, long startedAt) {
        return Admissions.admit(gateway(), request, route.recorded(), model, estimate, null, stream, startedAt);
    }

    private void requireGroup(String model, ProxyRoute route) {
        List<ModelDeployment> group = gateway().catalog().group(model).orElseThrow(() -> new ApiException(
                ApiError.invalidRequest(404, "model_not_found", "The model '" + model
                        + "' does not exist; GET /v1/models lists the models you may use.", "model")));
        if (group.stream().noneMatch(deployment -> ProviderNames.speaksOpenAi(deployment.litellmParams().provider()))) {
            throw new ApiException(ApiError.invalidRequest(400, "model_not_supported", "The model '" + model
                    + "' has no OpenAI-compatible deployment, and " + route.recorded()
                    + " passes requests through to one as they are.", "model"));
        }
    }

    private ModelDeployment target(ProxyRoute.@Nullable Account account) {
        ProxyRoute.Account which = account == null ? ProxyRoute.Account.FILES : account;
        return which.target(gateway().routes().settings()).orElseThrow(() -> new ApiException(ApiError.invalidRequest(404,
                "route_not_configured", "No deployment serves this route: set " + which.setting() + " to an "
                        + (which == ProxyRoute.Account.FILES ? "OpenAI-compatible" : "openai") + " deployment.", null)));
    }

    /** Breaks the client's connection off through a failed re-dispatch (see {@link #service}). */
    private static java.util.function.Consumer<Throwable> abort(HttpServletRequest request, AsyncContext async) {
        return failure -> {
            request.setAttribute(ABORT_ATTRIBUTE, failure);
            async.dispatch();
        };
    }

    private static String apiPath(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/v1/") ? path.substring(3) : path;
    }

    private static void requireType(HttpServletRequest request, String expected, String hint) {
        String type = request.getContentType();
        if (type != null && !type.toLowerCase(Locale.ROOT).startsWith(expected)) {
            throw new ApiException(ApiError.invalidRequest(415, "unsupported_media_type", "Unsupported Content-Type '"
                    + type + "' on POST " + request.getRequestURI() + "; " + hint + ".", null));
        }
    }

    private void writeError(Exception failure, HttpServletResponse response) throws IOException {
        if (failure instanceof AdmissionDeniedException denied) {
            gateway().dataPlane().events().admissionRejected(denied.code());
            ErrorResponses.write(Admissions.refusal(denied, response), gateway().json(), response);
        } else if (failure instanceof RequestBodyTooLargeException tooLarge) {
            ErrorResponses.write(BodyLimitFilter.tooLarge(tooLarge.limit()), gateway().json(), response);
        } else if (failure instanceof ApiException api) {
            ErrorResponses.write(api.error(), gateway().json(), response);
        } else {
            ErrorResponses.write(ErrorResponses.internal(failure, LOG), gateway().json(), response);
        }
    }

    private void writeErrorQuietly(Exception failure, HttpServletResponse response) {
        try {
            writeError(failure, response);
        } catch (IOException e) {
            LOG.debug("event=error_not_written error=\"{}\"", e.toString());
        }
    }
}
