package io.storecast.room.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.NotFoundException;
import io.storecast.room.application.PresenceCommands;
import io.storecast.room.application.PresenceCommands.Recorded;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Serves {@code POST /sessions/{id}/join} and {@code /leave} ahead of MVC: the hot path of a broadcast's
 * opening minutes needs no handler lookup, argument resolution or per-request observation, only the
 * body's two fields, the session check in memory and the Kafka acknowledgement ({@link PresenceCommands}).
 * Answers as the rest of the API does: 202 with the recorded event, RFC 9457 problem bodies naming the
 * field for bad input, 404/409 from the session's state. Timed as {@code storecast.presence.requests}.
 */
final class PresenceFilter extends HttpFilter {

    static final String PREFIX = "/sessions/";
    static final int MAX_BODY = 4_096;
    private static final Pattern TOKEN = Pattern.compile(PresenceController.TOKEN);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(PresenceFilter.class);

    private final PresenceCommands presence;
    private final MeterRegistry meters;
    /** One timer per action and status, registered on first use: the hot path does no registry lookup. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    PresenceFilter(PresenceCommands presence, MeterRegistry meters) {
        this.presence = presence;
        this.meters = meters;
    }

    private Timer timer(boolean join, int status) {
        String action = join ? "join" : "leave";
        return timers.computeIfAbsent(action + status, k -> Timer.builder("storecast.presence.requests")
                .description("joins and leaves, by action and status").tag("action", action)
                .tag("status", Integer.toString(status)).register(meters));
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean join = path.endsWith("/join");
        if (!"POST".equals(request.getMethod()) || !path.startsWith(PREFIX) || !(join || path.endsWith("/leave"))) {
            chain.doFilter(request, response);
            return;
        }
        String sessionId = path.substring(PREFIX.length(), path.length() - (join ? 5 : 6));
        if (sessionId.isEmpty() || sessionId.indexOf('/') >= 0) {
            chain.doFilter(request, response);
            return;
        }
        long start = System.nanoTime();
        int status = 500;           // an exception is the container's 500
        try {
            status = answer(join, sessionId, request, response);
        } finally {
            timer(join, status).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private int answer(boolean join, String sessionId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String type = request.getContentType();
        if (type == null || !(type.startsWith("application/json") || type.contains("+json"))) {
            return problem(response, 415, "Unsupported media type", "Content-Type must be application/json, was "
                    + (type == null ? "none" : type), "Content-Type");
        }
        Map<String, String> body;
        try {
            body = read(request.getInputStream());
        } catch (BadField e) {
            return problem(response, 400, "Invalid request", e.getMessage(), e.field);
        } catch (JacksonException e) {
            return problem(response, 400, "Invalid request", "The request body is not valid JSON for this endpoint.",
                    "body");
        }
        String customerId = body.get("customerId");
        if (customerId == null || customerId.isBlank()) {
            return problem(response, 400, "Invalid request", "customerId must not be blank", "customerId");
        }
        if (customerId.length() > PresenceController.MAX_CUSTOMER_ID || !TOKEN.matcher(customerId).matches()) {
            return problem(response, 400, "Invalid request", "customerId must be 1.." + PresenceController.MAX_CUSTOMER_ID + " characters of "
                    + PresenceController.TOKEN, "customerId");
        }
        String ref = join ? body.get("ref") : null;
        if (ref != null && (ref.length() > PresenceController.MAX_REF || !TOKEN.matcher(ref).matches())) {
            return problem(response, 400, "Invalid request", "ref must be up to " + PresenceController.MAX_REF + " characters of "
                    + PresenceController.TOKEN, "ref");
        }
        Recorded r;
        try {
            r = join ? presence.join(sessionId, customerId, ref) : presence.leave(sessionId, customerId);
        } catch (NotFoundException e) {
            return problem(response, 404, "Not found", e.getMessage(), null);
        } catch (ConflictException e) {
            return problem(response, 409, "Conflict", e.getMessage(), e.field());
        } catch (RuntimeException e) {
            // the session could not be read (the store is down): nothing was recorded
            log.error("{} for session {} failed", join ? "join" : "leave", sessionId, e);
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            return problem(response, 503, "Service unavailable", "the session could not be checked; retry", null);
        }
        if (!r.recorded()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            return problem(response, 503, "Service unavailable",
                    "neither Kafka nor the store took the event; nothing was recorded, retry", null);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sessionId", r.sessionId());
        out.put("customerId", r.customerId());
        out.put("ref", r.ref());
        out.put("at", r.at().toString());
        out.put("eventId", r.eventId());
        out.put("recorded", true);
        return write(response, 202, "application/json", out);
    }

    /** The top-level string fields of a JSON object of at most {@link #MAX_BODY} bytes; others are skipped. */
    private static Map<String, String> read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new BadField("body", "the body is larger than " + MAX_BODY + " bytes");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadField("body", "the body must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    fields.put(name, p.getString());
                } else if (value == JsonToken.VALUE_NULL) {
                    fields.remove(name);
                } else if ("customerId".equals(name) || "ref".equals(name)) {
                    throw new BadField(name, "The value of '" + name + "' is not valid.");
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new BadField("body", "The request body is not valid JSON for this endpoint.");
            }
        }
        return fields;
    }

    private static int problem(HttpServletResponse response, int status, String title, String detail, String field)
            throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        if (field != null) {
            p.put("errors", List.of(Map.of("field", field, "message", detail)));
        }
        return write(response, status, "application/problem+json", p);
    }

    private static int write(HttpServletResponse response, int status, String type, Map<String, Object> body)
            throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType(type);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        return status;
    }

    private static final class BadField extends RuntimeException {
        final String field;

        BadField(String field, String message) {
            super(message);
            this.field = field;
        }
    }
}
