package io.storecast.contracts;

import java.util.List;

/**
 * Every topic name, in one place. One writer per topic; the dead-letter topic of a consumer group
 * is {@code <topic>.<group>.dlt} (see {@link #deadLetter(String, String)}).
 */
public final class Topics {

    /** store-distribution: dealers, stores, staff. Key: the entity id. */
    public static final String NETWORK = "storecast.network.v1";
    /** store-distribution: commission plan versions. Key: the plan version. */
    public static final String COMMISSION_PLANS = "storecast.commission-plans.v1";
    /** store-distribution: tracked links issued. Key: link code. */
    public static final String LINKS = "storecast.links.v1";
    /** store-distribution: anonymous link clicks. Key: link code. */
    public static final String LINK_CLICKS = "storecast.link-clicks.v1";
    /** room-service: rooms and session lifecycle. Key: room id. */
    public static final String ROOMS = "storecast.rooms.v1";
    /** room-service: viewers joining and leaving. Key: customer id. */
    public static final String PRESENCE = "storecast.presence.v1";
    /** order-service: order lifecycle. Key: customer id. */
    public static final String ORDERS = "storecast.orders.v1";
    /** attribution-service: attribution decisions. Key: customer id. */
    public static final String ATTRIBUTIONS = "storecast.attributions.v1";
    /** attribution-service: commission ledger entries. Key: order id. */
    public static final String COMMISSION_LEDGER = "storecast.commission-ledger.v1";
    /** store-distribution: who ships each paid order. Key: customer id. */
    public static final String FULFILMENT = "storecast.fulfilment.v1";

    public static final List<String> ALL = List.of(NETWORK, COMMISSION_PLANS, LINKS, LINK_CLICKS, ROOMS, PRESENCE,
            ORDERS, ATTRIBUTIONS, COMMISSION_LEDGER, FULFILMENT);

    private Topics() {
    }

    public static String deadLetter(String topic, String consumerGroup) {
        return topic + "." + consumerGroup + ".dlt";
    }
}
