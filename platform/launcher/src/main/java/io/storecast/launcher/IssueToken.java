package io.storecast.launcher;

import java.time.Duration;
import java.util.Set;

/**
 * Prints a bearer token the local stack trusts ({@link LocalStack#identity()}), for curl and the tools:
 * <pre>bin/storecast-token HQ|FINANCE [hours]
 * bin/storecast-token DEALER|STORE|STAFF &lt;id&gt; [hours]</pre>
 * Valid 12 hours unless told otherwise. Only for a local run: in production the brand's identity provider issues them.
 */
public final class IssueToken {

    private static final Set<String> ALL_SEEING = Set.of("HQ", "FINANCE");
    private static final Set<String> PARTIES = Set.of("DEALER", "STORE", "STAFF");

    private IssueToken() {
    }

    public static void main(String[] args) {
        String role = args.length > 0 ? args[0].toUpperCase() : "";
        boolean party = PARTIES.contains(role);
        int hoursAt = party ? 2 : 1;
        boolean hoursGiven = args.length > hoursAt;
        if (!(ALL_SEEING.contains(role) || party && args.length > 1) || args.length > hoursAt + 1
                || hoursGiven && !args[hoursAt].matches("[1-9][0-9]{0,3}")) {
            System.err.println("usage: bin/storecast-token HQ|FINANCE [hours]");
            System.err.println("       bin/storecast-token DEALER|STORE|STAFF <id> [hours]   (hours: 1-9999)");
            System.exit(2);
        }
        long hours = hoursGiven ? Long.parseLong(args[hoursAt]) : 12;
        System.out.println(LocalStack.token(LocalStack.identity(), role, party ? args[1] : null,
                Duration.ofHours(hours)));
    }
}
