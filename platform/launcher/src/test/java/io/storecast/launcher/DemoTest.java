package io.storecast.launcher;

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

/** The demo a newcomer runs first: it must finish, agree with the report, and save the CSV it names. */
class DemoTest {

    @Test
    void the_demo_broadcast_ends_with_a_report_that_matches_its_own_account(@TempDir Path reports) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (LocalStack stack = LocalStack.start(SharedInfrastructure.get(), LocalStack.Ports.RANDOM)) {
            Demo.Expected result = new Demo(stack.urls(), new PrintStream(printed, true, StandardCharsets.UTF_8))
                    .run(new Demo.Options(3, 30, 2, 120, 7, reports));
            List<String> csv = Files.readAllLines(result.csv(), StandardCharsets.UTF_8);
            assertThat(csv.getFirst()).isEqualTo("\uFEFFstore code,store name,dealer code,attributed orders,gross sales,"
                    + "refunds,net sales,commission accrued,commission reversed,commission net,pending,settleable,"
                    + "on statement,paid");
            // one row per store that sold, then the totals
            assertThat(csv).hasSize(1 + result.perStore().size() + 1);
            assertThat(csv.getLast()).startsWith("TOTAL,");
            long orders = result.perStore().values().stream().mapToLong(x -> x[0]).sum();
            assertThat(result.report().get("totals").get("attributedOrders").asLong()).isEqualTo(orders);
            assertThat(orders).isGreaterThan(30);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("Per-store commission report").contains("CSV report URL: http://127.0.0.1:");
    }
}
