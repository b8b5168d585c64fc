package io.storecast.order;

import io.storecast.platform.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    @Test
    void domain_is_free_of_spring_and_of_the_other_layers() {
        ArchitectureRules.checkDomainIsPlainJava("io.storecast.order");
    }
}
