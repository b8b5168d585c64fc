package io.storecast.loadgen;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    @Test
    void the_command_line_sets_the_token_attribution_is_read_with_and_refuses_what_it_does_not_know() {
        Loadgen.Options o = Loadgen.Options.parse(new String[]{"--attribution-token=eyJ.x.y", "--stores=40",
                "--attribution=http://10.0.0.4:8084", "--reports=out"});
        assertThat(o.attributionToken()).isEqualTo("eyJ.x.y");
        assertThat(o.attributionUrl()).isEqualTo("http://10.0.0.4:8084");
        assertThat(o.stores()).isEqualTo(40);
        assertThat(o.reportsDir()).isEqualTo(Path.of("out"));
        // kept by the builders a run is put together with
        assertThat(o.sized(2, 10, 1, 100, 5).with(3, 0, false, Path.of("r")).attributionToken()).isEqualTo("eyJ.x.y");
        assertThatThrownBy(() -> Loadgen.Options.parse(new String[]{"--token=eyJ"}))
                .hasMessage("unknown options [token] (see docs/loadgen.md)");
    }
}
