package dev.ditto.gateway.filter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.gateway.Gateway;
import dev.ditto.gateway.api.ApiError;
import dev.ditto.gateway.api.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Refuses request bodies above the configured limit with 413: at once when the declared
 * {@code Content-Length} is too large, and while reading (blocking or not) when a chunked body
 * grows past it. Multipart uploads (files, audio, image edits), which the passthrough routes
 * stream instead of holding in memory, have their own, larger limit.
 */
public final class BodyLimitFilter extends HttpFilter {

    private static final String MULTIPART = "multipart/";

    private long jsonLimit;
    private long uploadLimit;
    private ObjectMapper json = new ObjectMapper();

    @Override
    public void init(FilterConfig config) {
        Gateway gateway = Gateway.from(config.getServletContext());
        this.jsonLimit = gateway.settings().maxRequestBodyBytes();
        this.uploadLimit = gateway.settings().maxUploadBytes();
        this.json = gateway.json();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String type = request.getContentType();
        long limit = type != null && type.regionMatches(true, 0, MULTIPART, 0, MULTIPART.length())
                ? uploadLimit : jsonLimit;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            ErrorResponses.write(tooLarge(limit), json, response);
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            private ServletInputStream limited;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (limited == null) {
                    limited = new LimitedInputStream(super.getInputStream(), limit);
                }
                return limited;
            }
        }, response);
    }

    /**
     * Returns the error for a body above the limit.
     *
     * @param limit the limit in bytes
     * @return the 413 error
     */
    public static ApiError tooLarge(long limit) {
        return ApiError.invalidRequest(413, "request_too_large", "Request body too large: the limit is " + limit
                + " bytes (ditto.max_request_body; ditto.max_upload_body for multipart uploads).", null);
    }
}
