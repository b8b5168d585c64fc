package io.storecast.room.messaging;

/**
 * What one viewer change adds to its session's counts, on the internal deltas topic: new distinct viewers,
 * the change in viewers watching now, and a ref this viewer joined through for the first time (or null).
 * Encoded as {@code newViewers,concurrentDelta,ref}.
 */
record SessionDelta(int newViewers, int concurrentDelta, String ref) {

    String encode() {
        return newViewers + "," + concurrentDelta + "," + (ref == null ? "" : ref);
    }

    static SessionDelta decode(String s) {
        int a = s.indexOf(',');
        int b = s.indexOf(',', a + 1);
        String ref = s.substring(b + 1);
        return new SessionDelta(Integer.parseInt(s.substring(0, a)), Integer.parseInt(s.substring(a + 1, b)),
                ref.isEmpty() ? null : ref);
    }
}
