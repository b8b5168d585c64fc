package io.storecast.distribution;

import io.storecast.platform.testing.Http;
import io.storecast.platform.testing.ServiceUnderTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every integration test of this service. All of them share one Spring context (same
 * configuration, so Spring caches it): two contexts would be two consumers in one group, splitting the
 * room events between them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=store-distribution-service")
public abstract class DistributionServiceTest {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        ServiceUnderTest.wire(r, "store-distribution-test");
    }

    @LocalServerPort
    protected int port;

    protected Http http() {
        return Http.at(port);
    }

    protected static String field(Http.Response problem) {
        return problem.json().get("errors").get(0).get("field").asString();
    }
}
