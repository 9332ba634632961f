package dev.ditto.sdk.http;

import dev.ditto.sdk.ConnectionFailedException;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.UpstreamTimeoutException;
import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Translates what the JDK client throws into SDK exceptions that name the timeout or phase. */
final class TransportFailures {

    private TransportFailures() {
    }

    static ErrorDetails details(TransportRequest request) {
        return ErrorDetails.of(request.provider(), request.model());
    }

    /**
     * Maps a failure of an exchange.
     *
     * @param failure what the client or a subscriber reported
     * @param bodyStarted whether response headers had arrived, which makes an I/O failure an
     *     interrupted response rather than a failed connection
     */
    static SdkException map(Throwable failure, TransportRequest request, HttpTransportConfig config, boolean bodyStarted) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        ErrorDetails details = details(request);
        if (cause instanceof SdkException sdk) {
            return sdk;
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new UpstreamTimeoutException("connect timeout " + config.connectTimeout() + " expired for "
                    + request.uri().getAuthority(), details, cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new UpstreamTimeoutException("no response headers within the first-byte timeout "
                    + config.firstByteTimeout(), details, cause);
        }
        if (bodyStarted) {
            return new StreamInterruptedException("the response body broke off: " + cause, details, cause);
        }
        String what = cause instanceof IOException ? "could not exchange with " : "exchange failed with ";
        return new ConnectionFailedException(what + request.uri().getAuthority() + ": " + cause, details, cause);
    }

    static UpstreamTimeoutException totalTimeout(TransportRequest request, HttpTransportConfig config) {
        return new UpstreamTimeoutException("the exchange exceeded the total timeout " + config.totalTimeout(),
                details(request));
    }
}
