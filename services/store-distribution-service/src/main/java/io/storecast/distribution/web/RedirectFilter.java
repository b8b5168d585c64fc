package io.storecast.distribution.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.storecast.distribution.application.LinkCommands;
import io.storecast.distribution.application.LinkCommands.Followed;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code GET /l/{code}}, the shopper's way in, served ahead of the MVC dispatcher: a broadcast launch
 * sends thousands of these a second, and the redirect needs none of MVC's content negotiation, argument
 * resolution or per-request observation. It answers 302 to the room (the target taken only from our
 * own records, see {@link LinkCommands#follow}) after recording the click; unknown, expired and revoked
 * links get a small page a person can read (so does a malformed code, without a lookup); a flood from one
 * address gets 429. Each answer is timed as {@code storecast.redirects} by status.
 */
final class RedirectFilter extends HttpFilter {

    static final String VISITOR_COOKIE = "sc_vid";
    private static final String PREFIX = "/l/";
    private static final Pattern CODE = Pattern.compile("[0-9A-Za-z]{1,64}");
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String NOT_FOUND_MESSAGE =
            "This link does not exist. Please ask whoever shared it for a new one.";
    private static final String GONE_MESSAGE =
            "This link no longer leads to the broadcast. Please ask whoever shared it for a new one.";

    private final LinkCommands links;
    private final RedirectRateLimit rateLimit;
    private final boolean secureCookie;
    private final Timer redirected;
    private final Timer notFound;
    private final Timer gone;
    private final Timer limited;
    private final Timer notAllowed;
    private final Timer failed;

    RedirectFilter(LinkCommands links, RedirectRateLimit rateLimit, boolean secureCookie, MeterRegistry meters) {
        this.links = links;
        this.rateLimit = rateLimit;
        this.secureCookie = secureCookie;
        this.redirected = timer(meters, 302);
        this.notFound = timer(meters, 404);
        this.gone = timer(meters, 410);
        this.limited = timer(meters, 429);
        this.notAllowed = timer(meters, 405);
        this.failed = timer(meters, 500);
    }

    private static Timer timer(MeterRegistry meters, int status) {
        return Timer.builder("storecast.redirects").description("GET /l/{code} answers, by status")
                .tag("status", Integer.toString(status)).register(meters);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith(PREFIX)) {
            chain.doFilter(request, response);
            return;
        }
        long start = System.nanoTime();
        Timer outcome = failed;     // an exception is the container's 500
        try {
            outcome = answer(path.substring(PREFIX.length()), request, response);
        } finally {
            outcome.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private Timer answer(String code, HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, "GET, HEAD");
            page(response, 405, "Method not allowed", "Open this link in a browser.");
            return notAllowed;
        }
        if (!CODE.matcher(code).matches()) {
            page(response, 404, "Link not found", NOT_FOUND_MESSAGE);
            return notFound;
        }
        if (!rateLimit.allows(request.getRemoteAddr())) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            page(response, 429, "Too many requests", "Please wait a moment and try again.");
            return limited;
        }
        String cookie = visitorCookie(request);
        boolean known = cookie != null && UUID_TEXT.matcher(cookie).matches();
        String visitorId = known ? cookie : UUID.randomUUID().toString();
        Followed followed = links.follow(code, visitorId, request.getHeader(HttpHeaders.USER_AGENT),
                request.getRemoteAddr());
        return switch (followed.outcome()) {
            case UNKNOWN -> {
                page(response, 404, "Link not found", NOT_FOUND_MESSAGE);
                yield notFound;
            }
            case GONE -> {
                page(response, 410, switch (followed.state()) {
                    case EXPIRED -> "Link expired";
                    case REVOKED -> "Link withdrawn";
                    default -> "Link no longer active";
                }, GONE_MESSAGE);
                yield gone;
            }
            case REDIRECT -> {
                response.setStatus(302);
                response.setHeader(HttpHeaders.LOCATION, followed.location());
                if (!known) {
                    response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(VISITOR_COOKIE, visitorId)
                            .httpOnly(true).sameSite("Lax").path("/").maxAge(Duration.ofDays(365))
                            .secure(secureCookie).build().toString());
                }
                response.setContentLength(0);
                yield redirected;
            }
        };
    }

    private static String visitorCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (VISITOR_COOKIE.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    private static void page(HttpServletResponse response, int status, String title, String message)
            throws IOException {
        byte[] html = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + title + "</title></head><body><h1>" + title + "</h1><p>" + message
                + "</p></body></html>").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(html.length);
        response.getOutputStream().write(html);
    }
}
