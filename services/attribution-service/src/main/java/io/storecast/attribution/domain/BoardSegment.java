package io.storecast.attribution.domain;

import java.util.List;

/**
 * A pinned-product segment of a session: from the pin of {@code sku} until its unpin, the next pin or the end
 * ({@code to} 0 while open), with the paid orders placed in it and their GMV in fen.
 */
public record BoardSegment(String sku, long from, long to, long paidOrders, long paidGmv) {

    /** The segment a moment falls in: the last pin at or before it, unless that segment closed before it. */
    public static int indexOf(List<BoardSegment> segments, long at) {
        int found = -1;
        for (int i = 0; i < segments.size(); i++) {
            BoardSegment s = segments.get(i);
            if (s.from() <= at && (s.to() == 0 || at < s.to())) {
                found = i;
            }
        }
        return found;
    }

    public BoardSegment plus(long orders, long gmv) {
        return new BoardSegment(sku, from, to, paidOrders + orders, Math.addExact(paidGmv, gmv));
    }

    public BoardSegment closedAt(long at) {
        return new BoardSegment(sku, from, at, paidOrders, paidGmv);
    }
}
