package dev.ditto.gateway.filter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an id: the caller's {@value #HEADER} when it is a sane token, else a new
 * one. The id is echoed on the response, kept as a request attribute, and put in the logging
 * context as {@value #MDC_KEY} for the request's duration.
 */
public final class RequestIdFilter extends HttpFilter {

    /** The request and response header. */
    public static final String HEADER = "x-request-id";
    /** The logging context key. */
    public static final String MDC_KEY = "request_id";
    /** The request attribute holding the id. */
    public static final String ATTRIBUTE = RequestIdFilter.class.getName();

    // A caller's id is echoed into headers and logs, so only plain tokens are trusted.
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:/+=-]{1,128}");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String id = request.getHeader(HEADER);
        if (id == null || !ACCEPTED.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
        }
        request.setAttribute(ATTRIBUTE, id);
        response.setHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}
