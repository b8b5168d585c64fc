package io.storecast.launcher;

import io.storecast.loadgen.Loadgen;
import io.storecast.platform.infra.SharedInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few seconds of the load generator against the whole local stack, twice with the same seed: each run's account
 * must equal the per-store report in every column (refunds, fulfilment fees and, with a return window of 0 days,
 * completion included), and the two reports must be the same.
 */
class LoadgenSmokeTest {

    @Test
    void a_small_broadcast_matches_its_own_account_and_the_same_seed_gives_the_same_report(@TempDir Path reports)
            throws Exception {
        System.setProperty("RETURN_WINDOW_DAYS", "0");          // delivered orders complete at once: settleable too
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (LocalStack stack = LocalStack.start(SharedInfrastructure.get(), LocalStack.Ports.RANDOM)) {
            Loadgen.Options o = Loadgen.Options.defaults()
                    .withStack(stack.urls(), LocalStack.paymentSecret(), stack.token("HQ", null))
                    .sized(3, 24, 1, 300, 5).with(42, 0, false, reports);
            Loadgen.Result first = new Loadgen(o, out).run();
            Loadgen.Result second = new Loadgen(o, out).run();

            assertThat(first.mismatches()).isEmpty();
            assertThat(second.mismatches()).isEmpty();
            assertThat(second.digest()).isEqualTo(first.digest());
            assertThat(second.rowsByStoreNumber()).containsOnlyKeys(first.rowsByStoreNumber().keySet());
            first.rowsByStoreNumber().forEach((store, row) ->
                    assertThat(second.rowsByStoreNumber().get(store)).as("store " + store).containsExactly(row));
            // the run is big enough to have credited most stores, refunded, and settled something
            assertThat(first.paidOrders()).isGreaterThan(100);
            assertThat(first.rowsByStoreNumber()).hasSizeGreaterThan(15);
            long refunds = first.rowsByStoreNumber().values().stream().mapToLong(r -> r[2]).sum();
            long settleable = first.rowsByStoreNumber().values().stream().mapToLong(r -> r[8]).sum();
            assertThat(refunds).isPositive();
            assertThat(settleable).isPositive();
            List<String> csv = Files.readAllLines(first.csv(), StandardCharsets.UTF_8);
            assertThat(csv.getFirst()).isEqualTo("\uFEFFstore code,store name,dealer code,attributed orders,gross sales,"
                    + "refunds,net sales,commission accrued,commission reversed,commission net,pending,settleable,"
                    + "on statement,paid");
        } finally {
            System.clearProperty("RETURN_WINDOW_DAYS");
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("no mismatches: every store's report row equals");
    }
}
