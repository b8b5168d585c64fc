package io.storecast.attribution.domain;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

/**
 * Settlement rules (PRODUCT.md, Commission, lifecycle): a period can be closed once it is over; closing freezes one
 * statement per beneficiary holding every settleable entry of that period or earlier not yet on a statement; a
 * statement is issued only when it owes the beneficiary something (a total of zero or less waits, with its
 * entries still settleable, for the next close); payouts never exceed what the statement still owes.
 */
public final class Settlement {

    private Settlement() {
    }

    /** One entry as a statement line; {@code carriedForward}: it corrects an order already on an earlier statement. */
    public record Line(String entryId, String orderId, int lineNo, String role, String kind, long amount,
                       String entryPeriod, boolean carriedForward) {
    }

    public static String statementId(String period, LedgerEntry.BeneficiaryType type, String beneficiaryId) {
        return period + "/" + type + "/" + beneficiaryId;
    }

    /** A period can be closed once its last day is over in the brand's time zone. */
    public static boolean isOver(YearMonth period, Instant now, ZoneId zone) {
        return period.isBefore(YearMonth.from(now.atZone(zone)));
    }

    public static long total(List<Line> lines) {
        return lines.stream().mapToLong(Line::amount).reduce(0, Math::addExact);
    }

    /** Whether these lines make a statement now: only when they owe the beneficiary a positive amount. */
    public static boolean issues(List<Line> lines) {
        return !lines.isEmpty() && total(lines) > 0;
    }

    /**
     * Checks a payout of {@code amount} against a statement of {@code total} with {@code paid} already paid.
     *
     * @throws IllegalArgumentException naming what is wrong, in the words finance sees
     */
    public static void checkPayout(long total, long paid, long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("a payout must be a positive amount of fen");
        }
        if (amount > total - paid) {      // not paid + amount: a payout near a long's limit would overflow
            throw new IllegalArgumentException("the statement owes " + (total - paid) + " fen (total " + total
                    + ", paid " + paid + "): a payout of " + amount + " fen would exceed it");
        }
    }
}
