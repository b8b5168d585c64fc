package io.storecast.contracts;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.module.SimpleModule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Instants as every event carries them — ISO-8601 in UTC, {@code 2026-12-06T01:39:34.593Z}, exactly
 * {@link Instant#toString()} — written and read without {@code java.time}'s general formatter, which was 6–7 % of the
 * decision and leaderboard streams' CPU samples (JFR, 2,000 paid orders/s), in event bodies and in the
 * {@code ce_time} header ({@link CloudEventHeaders}). Writing gives the same text as before;
 * reading takes the form written here (years 0000–9999, no fraction or 1–9 digits of it, {@code Z}) and hands anything
 * else — an offset, a number, a year past 9999 — to Jackson's own reader, so what was accepted before still is.
 * It knows one form only: a {@code @JsonFormat} on an instant, or a mapper feature for dates, would not be honoured
 * (none is used).
 */
final class IsoInstants {

    private IsoInstants() {
    }

    static SimpleModule module() {
        return new SimpleModule("iso-instants")
                .addSerializer(Instant.class, new Writer())
                .addDeserializer(Instant.class, new Reader());
    }

    /** {@link Instant#toString()}'s text: the fraction in groups of three digits, none when it is zero. */
    static String format(Instant at) {
        long seconds = at.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400);
        if (day < FIRST_DAY || day > LAST_DAY) {
            return at.toString();
        }
        char[] c = new char[30];
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(day);
        put(c, 0, date.getYear(), 4);
        c[4] = '-';
        put(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        put(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, secondOfDay % 60, 2);
        int n = 19;
        int nanos = at.getNano();
        if (nanos != 0) {
            c[n++] = '.';
            if (nanos % 1_000_000 == 0) {
                put(c, n, nanos / 1_000_000, 3);
                n += 3;
            } else if (nanos % 1_000 == 0) {
                put(c, n, nanos / 1_000, 6);
                n += 6;
            } else {
                put(c, n, nanos, 9);
                n += 9;
            }
        }
        c[n++] = 'Z';
        return new String(c, 0, n);
    }

    /**
     * The instant {@code text} names, in any form {@link Instant#parse} reads (a header, say); the form written here
     * without {@code java.time}'s general parser.
     */
    static Instant read(String text) {
        Instant at = parse(text);
        return at != null ? at : Instant.parse(text);
    }

    /** The instant {@code text} names in the form {@link #format} writes, or null when it is in another form. */
    static Instant parse(String text) {
        int n = text.length();
        if (n < 20 || n > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = number(text, 0, 4), month = number(text, 5, 7), day = number(text, 8, 10);
        int hour = number(text, 11, 13), minute = number(text, 14, 16), second = number(text, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int digits = n - 21;     // between the '.' and the 'Z'
            if (text.charAt(19) != '.' || digits < 1 || digits > 9) {
                return null;
            }
            nanos = number(text, 20, n - 1);
            if (nanos < 0) {
                return null;
            }
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        LocalDate date;
        try {
            date = LocalDate.of(year, month, day);
        } catch (DateTimeException notADate) {
            return null;
        }
        return Instant.ofEpochSecond(date.toEpochDay() * 86_400 + hour * 3600L + minute * 60L + second, nanos);
    }

    private static final long FIRST_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    /** {@code value} in {@code width} decimal digits, zero-padded, at {@code c[at]}. */
    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The decimal number in {@code text[from, to)}, or -1 when a character there is not a digit. */
    private static int number(String text, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static final class Writer extends ValueSerializer<Instant> {

        @Override
        public void serialize(Instant at, JsonGenerator out, SerializationContext context) throws JacksonException {
            out.writeString(format(at));
        }
    }

    private static final class Reader extends ValueDeserializer<Instant> {

        @Override
        public Instant deserialize(JsonParser in, DeserializationContext context) throws JacksonException {
            if (in.currentToken() == JsonToken.VALUE_STRING) {
                Instant at = parse(in.getString());
                if (at != null) {
                    return at;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(in, context);
        }
    }
}
