package io.storecast.attribution.messaging;

import io.storecast.attribution.domain.Rollups;

import java.nio.charset.StandardCharsets;

/** How far one report row moves ({@link Rollups} counters), on the decision stream's by-row topic. */
record RowDelta(String row, long[] counters) {

    /** The document the row lives in: the record key, so one task owns each document. */
    String bucket() {
        String[] p = row.split("\\|", 3);
        return Rollups.bucket(p[0], p[1], p[2]);
    }

    byte[] encode() {
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
