package io.storecast.attribution.domain;

/**
 * One store's (or staff member's) line on a session's leaderboard and funnel (PRODUCT.md, Real-time and review):
 * clicks on its links, unique viewers and reservations that came through them, orders placed with their ref, and
 * the orders credited to it once paid with their GMV in fen. Conversion = paid orders ÷ unique viewers. {@code id}
 * is the store id, or the staff id on a staff line.
 */
public record BoardRow(String id, long clicks, long uniqueViewers, long reservations, long orders,
                       long paidOrders, long paidGmv) {

    public static BoardRow empty(String id) {
        return new BoardRow(id, 0, 0, 0, 0, 0, 0);
    }

    /** Paid orders per unique viewer, to four decimals; 0 with no viewer. */
    public double conversion() {
        return uniqueViewers == 0 ? 0 : Math.round(paidOrders * 10_000.0 / uniqueViewers) / 10_000.0;
    }

    public BoardRow add(char kind, long amount) {
        return switch (kind) {
            case 'C' -> new BoardRow(id, clicks + 1, uniqueViewers, reservations, orders, paidOrders, paidGmv);
            case 'V' -> new BoardRow(id, clicks, uniqueViewers + 1, reservations, orders, paidOrders, paidGmv);
            case 'R' -> new BoardRow(id, clicks, uniqueViewers, reservations + 1, orders, paidOrders, paidGmv);
            case 'O' -> new BoardRow(id, clicks, uniqueViewers, reservations, orders + 1, paidOrders, paidGmv);
            case 'P' -> new BoardRow(id, clicks, uniqueViewers, reservations, orders, paidOrders + Long.signum(amount),
                    Math.addExact(paidGmv, amount));
            default -> throw new IllegalArgumentException("no leaderboard fact of kind " + kind);
        };
    }

    public String encode() {
        return clicks + "," + uniqueViewers + "," + reservations + "," + orders + "," + paidOrders + "," + paidGmv;
    }

    public static BoardRow decode(String id, String s) {
        if (s == null) {
            return empty(id);
        }
        String[] p = s.split(",");
        return new BoardRow(id, Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]),
                Long.parseLong(p[3]), Long.parseLong(p[4]), Long.parseLong(p[5]));
    }
}
