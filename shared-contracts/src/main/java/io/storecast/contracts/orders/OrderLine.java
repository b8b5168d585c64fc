package io.storecast.contracts.orders;

/** One line of an order; amounts in minor units (fen). */
public record OrderLine(int lineNo, String sku, String category, int quantity, long unitPrice, long amount) {

    /** What a product category may look like, everywhere: it keys commission rates, so it stays plain. */
    public static final String CATEGORY_PATTERN = "[A-Za-z0-9_-]{1,64}";
}
