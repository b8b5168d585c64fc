package io.storecast.attribution.domain;

import io.storecast.attribution.domain.CommissionRules.PaidLine;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over random plans, credits, orders, refund sequences and fulfilment timings: the ledger's net for every line and
 * role is exactly {@code roundHalfUp((P − R) × bps / 10000)}, no entry is zero, and every report's totals equal
 * the ledger entries it covers (per party type, per period), with the settlement-state split summing to the net —
 * the report's rows moved, as the decision stream moves them, by the difference at every state each order's books
 * pass through (payment, refunds, the fulfilment fee, completion at any point).
 */
class MoneyPropertiesTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Instant PAID = Instant.parse("2026-11-20T04:00:00Z");
    static final Instant DECEMBER = Instant.parse("2026-12-03T04:00:00Z");
    static final String[] STATES = {"PENDING", "SETTLEABLE", "ON_STATEMENT", "PAID"};

    record Refund(int lineNo, long amount, Instant at) {
    }

    record Order(String id, Decision decision, List<PaidLine> lines, List<Refund> refunds, String fulfilmentStore,
                 int fulfilmentAfter) {
    }

    @Property(tries = 400)
    void the_ledger_nets_by_the_formula_and_every_report_totals_the_ledger(@ForAll Random random,
                                                                           @ForAll @IntRange(min = 1, max = 6) int orders) {
        CommissionPlan plan = new CommissionPlan(1, Instant.parse("2020-01-01T00:00:00Z"), "CNY", Map.of(
                "*", rates(random), "x", rates(random)));
        List<Order> all = new ArrayList<>();
        List<LedgerEntry> ledger = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            Order o = order("o" + i, random);
            all.add(o);
            List<LedgerEntry> entries = book(o, plan);
            ledger.addAll(entries);
            assertLineNets(o, plan, entries);
        }
        assertThat(ledger).noneMatch(e -> e.amount() == 0);
        // the rows as the decision stream moves them: by the difference each change of an order's books makes
        Map<String, long[]> rows = new HashMap<>();
        java.util.Set<String> completed = new java.util.HashSet<>();
        for (Order o : all) {
            List<List<LedgerEntry>> steps = steps(o, plan);
            int completedAfter = random.nextBoolean() ? random.nextInt(steps.size()) : -1;
            if (completedAfter >= 0) {
                completed.add(o.id());
            }
            Rollups.Order before = null;
            List<LedgerEntry> written = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                written.addAll(steps.get(i));
                List<Refund> refunded = List.copyOf(o.refunds().subList(0, Math.min(i, o.refunds().size())));
                List<Rollups.Order> states = new ArrayList<>(List.of(rollup(o, refunded, List.copyOf(written),
                        completedAfter >= 0 && i > completedAfter)));
                if (i == completedAfter) {
                    states.add(rollup(o, refunded, List.copyOf(written), true));
                }
                for (Rollups.Order after : states) {
                    Rollups.difference(Rollups.of(before), Rollups.of(after)).forEach((row, d) ->
                            Rollups.add(rows.computeIfAbsent(row, k -> new long[Rollups.WIDTH]), d));
                    before = after;
                }
            }
        }
        // entries of completed orders are settleable, on a statement or paid; of the others, pending
        Map<String, String> state = new HashMap<>();
        ledger.forEach(e -> state.put(e.id(), completed.contains(e.orderId())
                ? STATES[1 + random.nextInt(STATES.length - 1)] : "PENDING"));
        for (Reporting.Party party : Reporting.Party.values()) {
            for (String period : List.of("2026-11", "2026-12")) {
                List<LedgerEntry> covered = ledger.stream().filter(e -> e.beneficiaryType().name().equals(party.name())
                        && e.period().equals(period)).toList();
                List<ReportRow> reportRows = new ArrayList<>();
                rows.forEach((row, sums) -> {
                    String[] key = row.split("\\|", 3);
                    if (key[0].equals(period) && key[1].equals(party.name())) {
                        long stated = covered.stream().filter(e -> e.beneficiaryId().equals(key[2])
                                && List.of("ON_STATEMENT", "PAID").contains(state.get(e.id())))
                                .mapToLong(LedgerEntry::amount).sum();
                        long paidOut = covered.stream().filter(e -> e.beneficiaryId().equals(key[2])
                                && state.get(e.id()).equals("PAID")).mapToLong(LedgerEntry::amount).sum();
                        reportRows.add(Rollups.toRow(ReportRow.empty(key[2], key[2], "", "", ""), sums, stated,
                                paidOut));
                    }
                });
                ReportRow t = Reporting.totals(reportRows);
                assertThat(t.commissionNet()).isEqualTo(covered.stream().mapToLong(LedgerEntry::amount).sum());
                assertThat(t.commissionAccrued()).isEqualTo(covered.stream().mapToLong(LedgerEntry::amount)
                        .filter(a -> a > 0).sum());
                assertThat(t.commissionReversed()).isEqualTo(covered.stream().mapToLong(LedgerEntry::amount)
                        .filter(a -> a < 0).sum());
                assertThat(t.pending() + t.settleable() + t.onStatement() + t.paid()).isEqualTo(t.commissionNet());
                for (String st : STATES) {
                    long expected = covered.stream().filter(e -> state.get(e.id()).equals(st))
                            .mapToLong(LedgerEntry::amount).sum();
                    long actual = switch (st) {
                        case "PENDING" -> t.pending();
                        case "SETTLEABLE" -> t.settleable();
                        case "ON_STATEMENT" -> t.onStatement();
                        default -> t.paid();
                    };
                    assertThat(actual).as(st).isEqualTo(expected);
                }
                List<Order> credited = all.stream().filter(o -> partyOf(o.decision(), party) != null).toList();
                long gross = period.equals("2026-11") ? credited.stream().flatMap(o -> o.lines().stream())
                        .mapToLong(PaidLine::amount).sum() : 0;
                long refunds = credited.stream().flatMap(o -> o.refunds().stream())
                        .filter(r -> CommissionRules.period(r.at(), SHANGHAI).equals(period))
                        .mapToLong(Refund::amount).sum();
                assertThat(t.grossSales()).isEqualTo(gross);
                assertThat(t.refunds()).isEqualTo(refunds);
                assertThat(t.netSales()).isEqualTo(gross - refunds);
                assertThat(t.attributedOrders()).isEqualTo(period.equals("2026-11") ? credited.size() : 0);
            }
        }
    }

    /** Writes the order's entries as the service does: accruals, refunds in order, the fee when assigned. */
    static List<LedgerEntry> book(Order o, CommissionPlan plan) {
        return steps(o, plan).stream().flatMap(List::stream).toList();
    }

    /**
     * The order's entries by the fact that writes them: the payment's accruals, then for each refund in order (and
     * once after the last) the fee's entries if the assignment came just then, and the refund's reversals.
     */
    static List<List<LedgerEntry>> steps(Order o, CommissionPlan plan) {
        List<List<LedgerEntry>> steps = new ArrayList<>();
        steps.add(CommissionRules.accruals(o.id(), o.decision(), plan, o.lines(), PAID, SHANGHAI));
        Map<Integer, Long> refunded = new HashMap<>();
        String fee = null;
        for (int i = 0; i <= o.refunds().size(); i++) {
            List<LedgerEntry> out = new ArrayList<>();
            steps.add(out);
            if (i == o.fulfilmentAfter() && o.fulfilmentStore() != null) {
                fee = o.fulfilmentStore();
                out.addAll(CommissionRules.fulfilmentAccruals(o.id(), o.decision(), plan, o.lines(), fee, PAID, SHANGHAI));
                Map<Integer, Long> soFar = new HashMap<>();
                for (int j = 0; j < i; j++) {
                    Refund r = o.refunds().get(j);
                    long total = soFar.merge(r.lineNo(), r.amount(), Long::sum);
                    CommissionRules.reversals(o.id(), o.decision(), plan, line(o, r.lineNo()), j + 1, r.amount(), total,
                            r.at(), SHANGHAI, fee).stream().filter(e -> e.role() == LedgerEntry.Role.FULFILMENT)
                            .forEach(out::add);
                }
            }
            if (i < o.refunds().size()) {
                Refund r = o.refunds().get(i);
                long total = refunded.merge(r.lineNo(), r.amount(), Long::sum);
                out.addAll(CommissionRules.reversals(o.id(), o.decision(), plan, line(o, r.lineNo()), i + 1, r.amount(),
                        total, r.at(), SHANGHAI, fee));
            }
        }
        return steps;
    }

    /** The order as the reports count it, with these refunds and entries so far. */
    static Rollups.Order rollup(Order o, List<Refund> refunds, List<LedgerEntry> entries, boolean completed) {
        long amount = o.lines().stream().mapToLong(PaidLine::amount).sum();
        Decision d = o.decision();
        return new Rollups.Order("2026-11", amount, d.creditedType().name(), d.storeId(), d.dealerId(), d.staffId(),
                refunds.stream().map(r -> new Rollups.Refund(CommissionRules.period(r.at(), SHANGHAI), r.amount()))
                        .toList(), entries.stream().map(e -> new Rollups.Entry(e.period(), e.beneficiaryType().name(),
                        e.beneficiaryId(), e.amount())).toList(), completed);
    }

    static void assertLineNets(Order o, CommissionPlan plan, List<LedgerEntry> entries) {
        for (PaidLine l : o.lines()) {
            long refunded = o.refunds().stream().filter(r -> r.lineNo() == l.lineNo()).mapToLong(Refund::amount).sum();
            CommissionPlan.Rates r = plan.ratesFor(l.category());
            Map<LedgerEntry.Role, Integer> bps = new HashMap<>();
            switch (o.decision().creditedType()) {
                case HQ -> { }
                case DEALER -> bps.put(LedgerEntry.Role.TRAFFIC, r.trafficBps());
                case STORE -> {
                    bps.put(LedgerEntry.Role.TRAFFIC, r.trafficBps());
                    if (o.decision().staffId() != null) {
                        bps.put(LedgerEntry.Role.STAFF_BONUS, r.staffBonusBps());
                    }
                    if (o.decision().dealerId() != null) {
                        bps.put(LedgerEntry.Role.DEALER_OVERRIDE, r.dealerOverrideBps());
                    }
                }
            }
            if (o.fulfilmentStore() != null) {
                bps.put(LedgerEntry.Role.FULFILMENT, r.fulfilmentBps());
            }
            for (LedgerEntry.Role role : LedgerEntry.Role.values()) {
                long net = entries.stream().filter(e -> e.lineNo() == l.lineNo() && e.role() == role)
                        .mapToLong(LedgerEntry::amount).sum();
                // the formula, computed here with BigDecimal rather than the rules' integer arithmetic
                long expected = new java.math.BigDecimal(l.amount() - refunded)
                        .multiply(java.math.BigDecimal.valueOf(bps.getOrDefault(role, 0)))
                        .divide(java.math.BigDecimal.valueOf(10_000), 0, java.math.RoundingMode.HALF_UP).longValueExact();
                assertThat(net).as(o.id() + " line " + l.lineNo() + " " + role).isEqualTo(expected);
            }
        }
    }

    static PaidLine line(Order o, int lineNo) {
        return o.lines().stream().filter(l -> l.lineNo() == lineNo).findFirst().orElseThrow();
    }

    static CommissionPlan.Rates rates(Random r) {
        return new CommissionPlan.Rates(bps(r, 3_000), bps(r, 1_000), bps(r, 1_000), bps(r, 1_000));
    }

    /** Often 0 (a role that writes nothing), else any rate up to {@code max} bp. */
    static int bps(Random r, int max) {
        return r.nextInt(4) == 0 ? 0 : r.nextInt(max + 1);
    }

    static Order order(String id, Random r) {
        Decision d = switch (r.nextInt(5)) {
            case 0 -> Decision.hq(List.of(), "none");
            case 1 -> new Decision(Decision.Credited.STORE, "s" + r.nextInt(3), null, null, "STORE", null, List.of(), "");
            case 2 -> new Decision(Decision.Credited.STORE, "s" + r.nextInt(3), "d" + r.nextInt(2), null, "STORE", null,
                    List.of(), "");
            case 3 -> new Decision(Decision.Credited.STORE, "s" + r.nextInt(3), "d" + r.nextInt(2), "st" + r.nextInt(4),
                    "STAFF", null, List.of(), "");
            default -> new Decision(Decision.Credited.DEALER, null, "d" + r.nextInt(2), null, "DEALER", null, List.of(),
                    "");
        };
        List<PaidLine> lines = new ArrayList<>();
        int n = 1 + r.nextInt(4);
        for (int i = 1; i <= n; i++) {
            long amount = r.nextInt(10) == 0 ? 1 + r.nextInt(100) : 1 + r.nextInt(5_000_000);
            lines.add(new PaidLine(i, r.nextBoolean() ? "*" : "x", amount));
        }
        List<Refund> refunds = new ArrayList<>();
        Map<Integer, Long> left = new HashMap<>();
        lines.forEach(l -> left.put(l.lineNo(), l.amount()));
        int k = r.nextInt(6);
        for (int i = 0; i < k; i++) {
            PaidLine l = lines.get(r.nextInt(lines.size()));
            long rest = left.get(l.lineNo());
            if (rest == 0) {
                continue;
            }
            long amount = r.nextInt(3) == 0 ? rest : 1 + (long) (r.nextDouble() * rest);
            amount = Math.min(amount, rest);
            left.put(l.lineNo(), rest - amount);
            refunds.add(new Refund(l.lineNo(), amount, r.nextBoolean() ? PAID.plusSeconds(3600L * (i + 1))
                    : DECEMBER.plusSeconds(3600L * i)));
        }
        String fee = d.creditedType() == Decision.Credited.STORE && r.nextBoolean() ? d.storeId()
                : r.nextInt(4) == 0 ? "s9" : null;
        return new Order(id, d, lines, refunds, fee, r.nextInt(refunds.size() + 1));
    }

    static String partyOf(Decision d, Reporting.Party p) {
        return switch (p) {
            case STORE -> d.creditedType() == Decision.Credited.STORE ? d.storeId() : null;
            case DEALER -> d.dealerId();
            case STAFF -> d.staffId();
        };
    }
}
