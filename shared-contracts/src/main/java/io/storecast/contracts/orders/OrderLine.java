package io.storecast.contracts.orders;

/** One line of an order; amounts in minor units (fen). */
public record OrderLine(int lineNo, String sku, String category, int quantity, long unitPrice, long amount) {
}
