package org.mplbench.experiments.table2;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mplbench.config.ConfigException;
import org.mplbench.experiments.run.Profile;

/**
 * Every profile's budget for every cell, field by field, against {@code golden/budgets.json}: a
 * preset changes only on purpose (and the file shows every preset in one place).
 */
class BudgetPresetsTest {

    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "budgets.json");

    @Test
    void everyPresetIsTheRecordedOne() throws IOException {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Profile p : Profile.values()) {
            for (Table2Cell c : Table2Cell.values()) {
                try {
                    all.put(p.id() + "/" + c.id(), Budget.of(p, c));
                } catch (ConfigException e) {
                    all.put(p.id() + "/" + c.id(), "refused: " + e.getMessage());
                }
            }
        }
        String json = new GsonBuilder().setPrettyPrinting().create().toJson(all) + "\n";
        if (Boolean.getBoolean("golden.update") && System.getenv("CI") == null) {
            Files.writeString(GOLDEN, json, StandardCharsets.UTF_8);
        }
        assertThat(json).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }
}
