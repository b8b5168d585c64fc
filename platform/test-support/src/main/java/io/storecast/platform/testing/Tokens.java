package io.storecast.platform.testing;

import io.storecast.platform.infra.LocalIdentity;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Bearer tokens for tests, signed by one identity per test JVM, which every service under test trusts
 * ({@link ServiceUnderTest#wire}): {@code Http.at(port).as(Tokens.finance())}.
 */
public final class Tokens {

    private static final LocalIdentity IDENTITY = LocalIdentity.ephemeral();

    private Tokens() {
    }

    public static Path publicKey() {
        return IDENTITY.publicKey();
    }

    public static String hq() {
        return of("HQ", null);
    }

    public static String finance() {
        return of("FINANCE", null);
    }

    public static String dealer(String dealerId) {
        return of("DEALER", dealerId);
    }

    public static String store(String storeId) {
        return of("STORE", storeId);
    }

    public static String staff(String staffId) {
        return of("STAFF", staffId);
    }

    /** Any role, even one no service knows, for the tests of refused tokens; the person is {@code <role>@test}. */
    public static String of(String role, String party) {
        return of(role, party, role.toLowerCase() + (party == null ? "" : "-" + party) + "@test");
    }

    /** A token naming {@code person}, whom a service records as having done what the request does. */
    public static String of(String role, String party, String person) {
        return IDENTITY.token(role, party, person, Duration.ofHours(1));
    }
}
