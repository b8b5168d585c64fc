package io.storecast.contracts;

import io.storecast.contracts.attribution.CommissionEntryRecorded;
import io.storecast.contracts.attribution.OrderAttributed;
import io.storecast.contracts.fulfilment.FulfilmentAssigned;
import io.storecast.contracts.links.LinkClicked;
import io.storecast.contracts.links.LinkRevoked;
import io.storecast.contracts.network.DealerChanged;
import io.storecast.contracts.network.StaffChanged;
import io.storecast.contracts.network.StoreChanged;
import io.storecast.contracts.links.LinkIssued;
import io.storecast.contracts.network.CommissionPlanPublished;
import io.storecast.contracts.network.DealerRegistered;
import io.storecast.contracts.network.StaffRegistered;
import io.storecast.contracts.network.StoreRegistered;
import io.storecast.contracts.orders.OrderLine;
import io.storecast.contracts.orders.OrderCancelled;
import io.storecast.contracts.orders.OrderCompleted;
import io.storecast.contracts.orders.OrderDelivered;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderPlaced;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.contracts.orders.OrderShipped;
import io.storecast.contracts.presence.ViewerDeparted;
import io.storecast.contracts.presence.ViewerJoined;
import io.storecast.contracts.presence.ViewerLeft;
import io.storecast.contracts.presence.ViewerReserved;
import io.storecast.contracts.rooms.LotteryCreated;
import io.storecast.contracts.rooms.LotteryDrawn;
import io.storecast.contracts.rooms.ProductPinned;
import io.storecast.contracts.rooms.ProductUnpinned;
import io.storecast.contracts.rooms.RoomChanged;
import io.storecast.contracts.rooms.RoomCreated;
import io.storecast.contracts.rooms.SessionEnded;
import io.storecast.contracts.rooms.SessionScheduled;
import io.storecast.contracts.rooms.SessionStarted;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A realistic payload for every event type, with optional fields both present and absent. */
final class Samples {

    static final Instant AT = Instant.parse("2026-11-11T12:00:00Z");
    static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    static List<Object> of(EventType<?> type) {
        List<OrderLine> lines = List.of(new OrderLine(1, "SKU-1", "apparel", 2, 9_900, 19_800));
        Class<?> c = type.payloadType();
        if (c == DealerRegistered.class) return List.of(new DealerRegistered("d1", "D001", "华东经销商", AT));
        if (c == StoreRegistered.class) return List.of(
                new StoreRegistered("s1", "S001", "杭州西湖店", "d1", AT, "杭州", 30.2592, 120.1302),
                new StoreRegistered("s2", "S002", "HQ direct", null, AT, null, null, null));
        if (c == DealerChanged.class) return List.of(new DealerChanged("d1", "D001", "华东经销商", false, AT));
        if (c == StoreChanged.class) return List.of(
                new StoreChanged("s1", "S001", "杭州西湖店", "杭州", 30.2592, 120.1302, "d1", true, AT),
                new StoreChanged("s2", "S002", "HQ direct", null, null, null, null, false, AT));
        if (c == StaffChanged.class) return List.of(new StaffChanged("st1", "s1", "Li", "c9", false, AT));
        if (c == LinkRevoked.class) return List.of(new LinkRevoked("Ab3dE5gH9k", AT));
        if (c == FulfilmentAssigned.class) return List.of(
                new FulfilmentAssigned("o1", "c1", "STORE", "s1", List.of(new FulfilmentAssigned.Item(1, "SKU-1", 2)),
                        "store s1 holds stock for every line", AT),
                new FulfilmentAssigned("o2", "c2", "HQ_WAREHOUSE", null,
                        List.of(new FulfilmentAssigned.Item(1, "SKU-1", 1)), "credited to HQ", AT));
        if (c == StaffRegistered.class) return List.of(new StaffRegistered("st1", "s1", "Li", "c9", AT),
                new StaffRegistered("st2", "s1", "Wang", null, AT));
        if (c == CommissionPlanPublished.class) return List.of(new CommissionPlanPublished(1, AT, "CNY",
                Map.of("*", new CommissionPlanPublished.Rates(500, 100, 200, 0)), AT));
        if (c == LinkIssued.class) return List.of(
                new LinkIssued("Ab3dE5gH9k", "STAFF", "st1", "s1", "d1", "r1", "sess1", "wechat-group", AT, AT),
                new LinkIssued("Zz3dE5gH9kQ", "STORE", "s2", "s2", null, "r1", null, "poster", AT, null));
        if (c == LinkClicked.class) return List.of(new LinkClicked("k1", "Ab3dE5gH9k", "v1", "Mozilla/5.0",
                "9f86d081884c7d65", AT), new LinkClicked("k2", "Ab3dE5gH9k", "v2", null, "9f86d081", AT));
        if (c == RoomCreated.class) return List.of(new RoomCreated("r1", "HQ", null, "Double 11",
                "https://live.example.com/r1", AT), new RoomCreated("r2", "DEALER", "d1", "D", "https://x/r2", AT));
        if (c == SessionScheduled.class) return List.of(new SessionScheduled("sess1", "r1", "Autumn drop", AT));
        if (c == SessionStarted.class) return List.of(new SessionStarted("sess1", "r1", AT));
        if (c == ViewerJoined.class) return List.of(new ViewerJoined("sess1", "r1", "c1", "Ab3dE5gH9k", AT),
                new ViewerJoined("sess1", "r1", "c2", null, AT));
        if (c == ViewerLeft.class) return List.of(new ViewerLeft("sess1", "r1", "c1", AT, 360));
        if (c == ViewerDeparted.class) return List.of(new ViewerDeparted("sess1", "r1", "c1", AT));
        if (c == ViewerReserved.class) return List.of(new ViewerReserved("sess1", "r1", "c1", "Ab3dE5gH9k", AT),
                new ViewerReserved("sess1", "r1", "c2", null, AT));
        if (c == RoomChanged.class) return List.of(new RoomChanged("r1", "HQ", null, "Double 11",
                "https://live.example.com/r1", true, AT));
        if (c == SessionEnded.class) return List.of(new SessionEnded("sess1", "r1", AT));
        if (c == ProductPinned.class) return List.of(new ProductPinned("sess1", "r1", "SKU-1", AT));
        if (c == ProductUnpinned.class) return List.of(new ProductUnpinned("sess1", "r1", "SKU-1", AT, AT));
        if (c == LotteryCreated.class) return List.of(new LotteryCreated("l1", "sess1", "r1", "电饭煲", 3,
                "STORE_LINK_VIEWERS", HASH, AT));
        if (c == LotteryDrawn.class) return List.of(new LotteryDrawn("l1", "sess1", "r1", "电饭煲", "s33d", HASH, 3,
                HASH, List.of("c2"), AT));
        if (c == OrderPlaced.class) return List.of(new OrderPlaced("o1", "co1", "c1", "sess1", "Ab3dE5gH9k", lines,
                19_800, "CNY", AT), new OrderPlaced("o2", "co2", "c2", "sess1", null, lines, 19_800, "CNY", AT));
        if (c == OrderPaid.class) return List.of(new OrderPaid("o1", "c1", "sess1", "Ab3dE5gH9k", "p1", lines,
                19_800, "CNY", AT, AT));
        if (c == OrderRefunded.class) return List.of(new OrderRefunded("o1", "c1", "rf1", 1, 1, 5_000, 5_000,
                19_800, "CNY", AT));
        if (c == OrderCancelled.class) return List.of(new OrderCancelled("o1", "c1", "sess1", "UNPAID_TIMEOUT", lines,
                AT, AT));
        if (c == OrderShipped.class) return List.of(new OrderShipped("o1", "c1", "STORE", "s1", "SF", "SF123", AT),
                new OrderShipped("o1", "c1", "HQ_WAREHOUSE", null, null, null, AT));
        if (c == OrderDelivered.class) return List.of(new OrderDelivered("o1", "c1", AT));
        if (c == OrderCompleted.class) return List.of(new OrderCompleted("o1", "c1", AT, 7, AT));
        if (c == OrderAttributed.class) return List.of(
                new OrderAttributed("o1", "c1", 1, 1, "LAST_TOUCH", "STORE", "s1", "d1", "st1", "Ab3dE5gH9k",
                        "JOIN", AT, 2, "latest qualifying touch", AT, lines),
                new OrderAttributed("o2", "c2", 1, 1, "LAST_TOUCH", "HQ", null, null, null, null, null, null, 0,
                        "no qualifying touch", AT, null));
        if (c == CommissionEntryRecorded.class) return List.of(new CommissionEntryRecorded("o1:1:TRAFFIC:0", "o1",
                1, "TRAFFIC", "STORE", "s1", "s1", "d1", "ACCRUAL", 990, "CNY", AT, "2026-11", 1));
        throw new IllegalStateException("no sample for " + type.name() + " — add one when adding an event");
    }

    private Samples() {
    }
}
