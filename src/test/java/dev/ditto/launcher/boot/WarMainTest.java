package dev.ditto.launcher.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarMainTest {

    @Test
    void onOneOrTwoCpusTheCommonPoolGetsTwoThreadsSoAsyncHandOversAreNotAThreadEach() {
        assertThat(WarMain.commonPoolParallelism(null, 1)).isEqualTo("2");
        assertThat(WarMain.commonPoolParallelism(null, 2)).isEqualTo("2");
    }

    @Test
    void moreCpusOrAnExplicitSettingAreLeftAlone() {
        assertThat(WarMain.commonPoolParallelism(null, 3)).isNull();
        assertThat(WarMain.commonPoolParallelism("1", 1)).isNull();
    }
}
