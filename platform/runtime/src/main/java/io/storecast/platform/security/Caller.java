package io.storecast.platform.security;

import java.util.Map;

/**
 * Who is calling, as the brand's identity provider signed it into the request's bearer token: the claim {@code role}
 * and, for a dealer, a store or a staff member, the claim {@code party} with their id; {@code name} is the person
 * (the claim {@code email}, else {@code preferred_username}, else the subject), recorded as who closed a period,
 * recorded a payout, adjusted a decision or changed the policy.
 */
public record Caller(Role role, String party, String name) {

    /** HQ and finance see every party's data; a dealer, its own and its stores'; a store, its own; staff, their own. */
    public enum Role { HQ, FINANCE, DEALER, STORE, STAFF }

    public Caller {
        if (role == null) {
            throw new IllegalArgumentException("the token names no role");
        }
        if (role != Role.HQ && role != Role.FINANCE && (party == null || party.isBlank())) {
            throw new IllegalArgumentException("a " + role + " token must name its party");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the token names no person (sub)");
        }
    }

    /** The caller the claims of a verified token name; {@link IllegalArgumentException} saying why when none. */
    public static Caller of(Map<String, Object> claims) {
        Object role = claims.get("role");
        Role r;
        try {
            r = role == null ? null : Role.valueOf(role.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the token's role '" + role + "' is none of HQ, FINANCE, DEALER, "
                    + "STORE, STAFF");
        }
        Object party = claims.get("party");
        Object name = claims.get("email") != null ? claims.get("email")
                : claims.get("preferred_username") != null ? claims.get("preferred_username") : claims.get("sub");
        return new Caller(r, party == null ? null : party.toString(), name == null ? null : name.toString());
    }

    public boolean seesAll() {
        return role == Role.HQ || role == Role.FINANCE;
    }

    public boolean is(Role... roles) {
        for (Role r : roles) {
            if (role == r) {
                return true;
            }
        }
        return false;
    }
}
