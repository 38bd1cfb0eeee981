package org.mplbench.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PaperReferenceTest {

    private static final String HEADER = "row,title,kind,cell,metric,value,std,n,protocol,source\n";

    private static double v(String table, String row, String cell, String metric) {
        return PaperReference.load(table).find(row, cell, metric).orElseThrow().value();
    }

    @ParameterizedTest
    @ValueSource(strings = {"table1", "table2", "table3", "table4"})
    void everyShippedRowHasASourceAndAProtocol(String table) {
        PaperReference ref = PaperReference.load(table);
        assertThat(ref.values()).isNotEmpty().allSatisfy(x -> {
            assertThat(x.source()).isNotBlank();
            assertThat(PaperReference.PROTOCOLS).contains(x.protocol());
            assertThat(PaperReference.KINDS).contains(x.kind());
        });
    }

    @Test
    void theShippedTablesHoldThePapersNumbers() {
        assertThat(v("table1", "mpl", "imagenet", "top1")).isEqualTo(90.2);
        assertThat(v("table1", "previous-sota", "imagenet", "real")).isEqualTo(90.72);
        PaperReference t2 = PaperReference.load("table2");
        assertThat(t2.find("mpl", "cifar10-4k")).get().satisfies(x -> {
            assertThat(x.value()).isEqualTo(96.11);
            assertThat(x.std()).contains(0.07);
            assertThat(x.n()).isEqualTo(10);
            assertThat(x.kind()).isEqualTo("paper");
        });
        assertThat(v("table2", "mpl", "imagenet-10pct", "top5")).isEqualTo(91.38);
        assertThat(v("table2", "uda", "svhn-1k", "top1")).isEqualTo(97.11);
        assertThat(t2.find("supervised", "cifar10-4k")).get().extracting(PaperReference.Value::kind).isEqualTo("precursor");
        assertThat(v("table2", "pseudo-labels", "svhn-1k", "top1")).isEqualTo(89.81);
        assertThat(v("table2", "mpl-before-finetune", "imagenet-10pct", "top1")).isEqualTo(72.39);
        assertThat(v("table2", "uda-own", "cifar10-4k", "top1")).isEqualTo(95.68);
        assertThat(t2.find("mpl-pytorch-reproduction", "cifar10-4k")).get().satisfies(x -> {
            assertThat(x.value()).isEqualTo(96.08);
            assertThat(x.protocol()).isEqualTo("best-test");
        });
        assertThat(v("table2", "mpl-pytorch-reproduction-before-finetune", "cifar10-4k", "top1")).isEqualTo(96.01);
        assertThat(t2.find("supervised", "imagenet-10pct")).get().extracting(x -> x.std().isPresent()).isEqualTo(false);
        assertThat(t2.rows().keySet()).startsWith("temporal-ensemble", "mean-teacher", "vat-entmin");
        assertThat(v("table3", "mpl", "imagenet", "top1")).isEqualTo(83.2);
        assertThat(v("table3", "billion-scale-ssl", "imagenet", "top5")).isEqualTo(96.6);
        assertThat(v("table4", "mpl-efficientnet-l2", "imagenet", "params_m")).isEqualTo(480);
        assertThat(v("table4", "mpl-efficientnet-b6-wide", "imagenet", "real")).isEqualTo(91.12);
        assertThat(PaperReference.load("table4").find("vit-h", "imagenet", "top5")).isEmpty();
    }

    @Test
    void aMalformedRowNamesTheFileAndLine() {
        assertThatThrownBy(() -> PaperReference.parse(new StringReader(HEADER + "uda,UDA,paper,c,top1,abc,,1,final,x\n"),
                "bad.csv")).hasMessageContaining("bad.csv:2");
        assertThatThrownBy(() -> PaperReference.parse(new StringReader(HEADER + "# c\nuda,UDA,guess,c,top1,1,,1,final,x\n"),
                "bad.csv")).hasMessageContaining("bad.csv:3").hasMessageContaining("'guess'");
        assertThatThrownBy(() -> PaperReference.parse(new StringReader(HEADER
                + "uda,UDA,paper,c,top1,1,,1,final,x\nuda,UDA,paper,c,top1,2,,1,final,x\n"), "dup.csv"))
                .hasMessageContaining("dup.csv:3").hasMessageContaining("duplicate");
        assertThatThrownBy(() -> PaperReference.parse(new StringReader("row,cell,value\nuda,c,1\n"), "old.csv"))
                .hasMessageContaining("old.csv: missing column 'title'");
        assertThatThrownBy(() -> PaperReference.load("table9")).hasMessageContaining("paper/table9.csv");
    }

    @Test
    void lookupDefaultsToTopOne() throws Exception {
        PaperReference r = PaperReference.parse(new StringReader(HEADER
                + "m,M,paper,c,top5,90,,1,final,x\nm,M,paper,c,top1,70,0.5,3,final,x\n"), "t.csv");
        assertThat(r.find("m", "c")).map(PaperReference.Value::value).isEqualTo(Optional.of(70.0));
        assertThat(r.find("m", "c", "top5")).map(PaperReference.Value::value).isEqualTo(Optional.of(90.0));
    }
}
