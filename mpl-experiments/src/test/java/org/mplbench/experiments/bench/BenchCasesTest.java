package org.mplbench.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mplbench.config.ConfigException;

class BenchCasesTest {

    private static List<String> names(String spec) {
        return BenchCases.select(spec).stream().map(BenchCase::name).toList();
    }

    @Test
    void everyCaseTheSuitePromisesExists() {
        assertThat(names("all")).containsExactly("wrn-supervised-b64", "mpl-8mu2", "mpl-16mu7", "mpl-64mu7", "mpl-64mu7-micro4", "rss-mpl",
                "wrn-supervised-b64-bf16", "mpl-8mu2-bf16", "mpl-16mu7-bf16",
                "twomoon-mpl", "twomoon-mpl-paper", "twomoon-mpl-recorded", "twomoon-mpl-soft", "twomoon-supervised",
                "twomoon-supervised-recorded", "rss-twomoon",
                "randaugment", "randaugment-reference-code", "pipeline-64mu7", "imagenet-decode", "imagenet-views",
                "table2-cpu-supervised", "table2-cpu-pseudo-labels", "table2-cpu-uda", "table2-cpu-mpl");
        assertThat(names("table2-cpu")).hasSize(4);
        assertThat(names("imagenet")).containsExactly("imagenet-decode", "imagenet-views");
    }

    @Test
    void groupsAndListsSelectWithoutDuplicates() {
        assertThat(names("rss")).containsExactly("rss-mpl", "rss-twomoon");
        assertThat(names("mpl")).containsExactly("mpl-8mu2", "mpl-16mu7", "mpl-64mu7", "mpl-64mu7-micro4", "mpl-8mu2-bf16",
                "mpl-16mu7-bf16");
        assertThat(names("twomoon-mpl, twomoon")).containsExactly("twomoon-mpl", "twomoon-mpl-paper",
                "twomoon-mpl-recorded", "twomoon-mpl-soft", "twomoon-supervised", "twomoon-supervised-recorded");
    }

    @Test
    void unknownNamesAreRefusedWithTheListing() {
        assertThatThrownBy(() -> BenchCases.select("mpl-step"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'mpl-step'").hasMessageContaining("mpl-16mu7");
    }

    @Test
    void tinyNetworksDefaultToOneThreadTheRestToAllCores() {
        assertThat(BenchCases.find("twomoon-mpl").orElseThrow().defaultThreads(8)).isEqualTo(1);
        assertThat(BenchCases.find("randaugment").orElseThrow().defaultThreads(8)).isEqualTo(1);
        assertThat(BenchCases.find("mpl-16mu7").orElseThrow().defaultThreads(8)).isEqualTo(8);
        assertThat(BenchCases.find("mpl-16mu7").orElseThrow().tuneAllocator()).isTrue();
        assertThat(BenchCases.find("twomoon-mpl").orElseThrow().tuneAllocator()).isFalse();
        assertThat(BenchCases.find("rss-twomoon").orElseThrow().tuneAllocator()).isFalse();
    }

    @Test
    void machineIdsAreSlugs() {
        assertThat(MachineId.slug("AMD EPYC")).isEqualTo("amd-epyc");
        assertThat(MachineId.slug("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz")).isEqualTo("intel-xeon-platinum-8375c");
        assertThat(MachineId.slug("AMD Ryzen 9 7950X 16-Core Processor")).isEqualTo("amd-ryzen-9-7950x");
        assertThat(MachineId.current()).matches("[a-z0-9-]+-\\d+c(-\\d+g)?");
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertThat(Measurement.median(new double[] {1, 2, 10})).isEqualTo(2);
        assertThat(Measurement.median(new double[] {1, 2, 4, 10})).isEqualTo(3);
        Measurement m = new Measurement(new double[] {0.3, 0.1, 0.2}, 100, 1, 70, 1e9, null, "");
        assertThat(m.sortedMsPerStep()).containsExactly(1.0, 2.0, 3.0);
    }
}
