package io.storecast.attribution.messaging;

import io.storecast.attribution.domain.Rollups;

import java.nio.charset.StandardCharsets;

/**
 * How far one report row ({@code period|TYPE|partyId}) moves ({@link Rollups} counters): a record of the by-row topic,
 * which the decision stream writes and {@link ReportRows} sums; public for the report benchmark's fixture, which
 * moves the rows of the orders it seeds the same way.
 */
public record RowDelta(String row, long[] counters) {

    /** The topic of the rows' movements, keyed by the rows' document. */
    public static String topic(String app) {
        return app + "-decisions-by-row";
    }

    /** The document the row lives in: the record key, so one task owns each document. */
    public String bucket() {
        String[] p = row.split("\\|", 3);
        return Rollups.bucket(p[0], p[1], p[2]);
    }

    public byte[] encode() {
        StringBuilder b = new StringBuilder(row);
        for (long c : counters) {
            b.append('\t').append(c);
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static RowDelta decode(byte[] bytes) {
        String[] f = new String(bytes, StandardCharsets.UTF_8).split("\t", -1);
        long[] c = new long[Rollups.WIDTH];
        for (int i = 0; i < c.length; i++) {
            c[i] = Long.parseLong(f[i + 1]);
        }
        return new RowDelta(f[0], c);
    }
}
