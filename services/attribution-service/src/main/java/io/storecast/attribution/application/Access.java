package io.storecast.attribution.application;

import io.storecast.attribution.domain.LedgerEntry.BeneficiaryType;
import io.storecast.attribution.domain.Reporting;
import io.storecast.attribution.persistence.AttributionDocuments.StaffDoc;
import io.storecast.platform.problems.ForbiddenException;
import io.storecast.platform.problems.InvalidFieldException;
import io.storecast.platform.security.Caller;
import io.storecast.platform.security.Caller.Role;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a caller may see and do (PRODUCT.md: stores see only their own data; dealers only their stores'; finance and
 * HQ see all), by the network as store-distribution last told it. HQ changes the policy and adjusts decisions; finance
 * closes periods and records payouts. A store's manager sees the store's money and that of its staff; a staff member
 * sees their own money, and their store's live board line, follow-up list and order explanations, which they work
 * from. A refusal is a {@link ForbiddenException} naming the request field that asked for too much.
 */
@Component
public class Access {

    private final ReferenceViews reference;

    public Access(ReferenceViews reference) {
        this.reference = reference;
    }

    public void require(Caller c, Role... roles) {
        if (!c.is(roles)) {
            throw new ForbiddenException("Authorization", "this needs the role "
                    + Arrays.stream(roles).map(Role::name).collect(Collectors.joining(" or "))
                    + "; the token's role is " + c.role());
        }
    }

    /** Whether the caller may see a store's operations: its board line, follow-up list, order explanations. */
    public boolean seesStoreWork(Caller c, String storeId) {
        return c.role() == Role.STAFF ? storeId != null && storeId.equals(storeOf(c.party()))
                : seesStoreMoney(c, storeId);
    }

    public void requireStoreWork(Caller c, String storeId, String field) {
        if (!seesStoreWork(c, storeId)) {
            throw refused(c, field, "store " + storeId);
        }
    }

    /** Whether the caller may see the money of a beneficiary: its statements and its report row. */
    public boolean seesMoney(Caller c, BeneficiaryType type, String id) {
        return switch (type) {
            case STORE -> seesStoreMoney(c, id);
            case DEALER -> c.seesAll() || c.role() == Role.DEALER && c.party().equals(id);
            case STAFF -> c.seesAll() || c.role() == Role.STAFF && c.party().equals(id)
                    || c.is(Role.STORE, Role.DEALER) && seesStoreMoney(c, storeOf(id));
        };
    }

    public void requireMoney(Caller c, BeneficiaryType type, String id, String field) {
        if (!seesMoney(c, type, id)) {
            throw refused(c, field, type.name().toLowerCase() + " " + id);
        }
    }

    /** Whose statements a list is of: a type, or one beneficiary, or (both null) every one. */
    public record Beneficiary(BeneficiaryType type, String id) {
    }

    /**
     * A statement list's filter narrowed to what the caller may see: HQ and finance as asked; anyone else its own
     * statements when it names none, or those of a beneficiary whose money it may see when it names both type and id.
     */
    public Beneficiary statements(Caller c, BeneficiaryType type, String id) {
        if (c.seesAll()) {
            return new Beneficiary(type, id);
        }
        if (type == null && id == null) {
            return new Beneficiary(BeneficiaryType.valueOf(c.role().name()), c.party());
        }
        if (type == null || id == null) {
            throw new InvalidFieldException(type == null ? "beneficiaryType" : "beneficiaryId", "a " + c.role()
                    + " token lists its own statements, or names both beneficiaryType and beneficiaryId", 400);
        }
        requireMoney(c, type, id, "beneficiaryId");
        return new Beneficiary(type, id);
    }

    /** A report's filters narrowed to what the caller may see; refused when they ask for more. */
    public record ReportFilter(String dealerId, String storeId, String staffId) {
    }

    public ReportFilter report(Caller c, Reporting.Party party, String dealerId, String storeId, String staffId) {
        if (c.seesAll()) {
            return new ReportFilter(dealerId, storeId, staffId);
        }
        return switch (c.role()) {
            case DEALER -> {
                if (dealerId != null && !dealerId.equals(c.party())) {
                    throw refused(c, "dealerId", "dealer " + dealerId);
                }
                if (storeId != null && !seesStoreMoney(c, storeId)) {
                    throw refused(c, "storeId", "store " + storeId);
                }
                if (staffId != null && !seesMoney(c, BeneficiaryType.STAFF, staffId)) {
                    throw refused(c, "staffId", "staff member " + staffId);
                }
                yield new ReportFilter(c.party(), storeId, staffId);
            }
            case STORE -> {
                if (party == Reporting.Party.DEALER) {
                    throw refused(c, "party", "the dealer report");
                }
                if (storeId != null && !storeId.equals(c.party())) {
                    throw refused(c, "storeId", "store " + storeId);
                }
                if (staffId != null && !seesMoney(c, BeneficiaryType.STAFF, staffId)) {
                    throw refused(c, "staffId", "staff member " + staffId);
                }
                yield new ReportFilter(dealerId, c.party(), staffId);
            }
            case STAFF -> {
                if (party != Reporting.Party.STAFF) {
                    throw refused(c, "party", "the " + party.name().toLowerCase() + " report");
                }
                if (staffId != null && !staffId.equals(c.party())) {
                    throw refused(c, "staffId", "staff member " + staffId);
                }
                yield new ReportFilter(dealerId, storeId, c.party());
            }
            case HQ, FINANCE -> throw new IllegalStateException("sees all");
        };
    }

    private boolean seesStoreMoney(Caller c, String storeId) {
        return switch (c.role()) {
            case HQ, FINANCE -> true;
            case STORE -> c.party().equals(storeId);
            case DEALER -> storeId != null && c.party().equals(reference.dealerOf(storeId).orElse(null));
            case STAFF -> false;
        };
    }

    private String storeOf(String staffId) {
        return staffId == null ? null : reference.staff(staffId).map(StaffDoc::storeId).orElse(null);
    }

    private static ForbiddenException refused(Caller c, String field, String what) {
        return new ForbiddenException(field, "a " + c.role() + " token for " + Objects.requireNonNullElse(c.party(),
                "the brand") + " may not see " + what);
    }
}
