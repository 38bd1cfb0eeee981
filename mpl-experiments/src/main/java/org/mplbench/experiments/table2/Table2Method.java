package org.mplbench.experiments.table2;

import org.mplbench.config.ConfigException;

/**
 * The rows of Table 2 that this suite runs: the paper's four methods, three MPL ablations and a
 * supervised control with the weak augmentation the SSL methods' labeled batches get.
 */
public enum Table2Method {
    SUPERVISED("supervised", "supervised", "default", "Supervised (RandAugment on labeled data)"),
    PSEUDO_LABELS("pseudo-labels", "pseudo-labels", "default", "Pseudo Labels (frozen supervised teacher)"),
    UDA("uda", "uda", "default", "UDA"),
    MPL("mpl", "mpl", "paper", "Meta Pseudo Labels"),
    MPL_REFERENCE_CODE("mpl-reference-code", "mpl", "reference-code",
            "MPL, reference-code preset (h = new − old, weak-view argmax labels)"),
    MPL_SOFT("mpl-soft", "mpl", "soft", "MPL, soft pseudo labels (exact one-step gradient)"),
    MPL_NO_FEEDBACK("mpl-no-feedback", "mpl", "no-feedback", "UDA teacher → student, no MPL feedback (h = 0)"),
    SUPERVISED_WEAK("supervised-weak-augment", "supervised", "weak-augment",
            "Supervised, flip + crop only (the labeled augmentation of UDA and MPL)"),
    /** Table 4's: it needs a large teacher's stored outputs, which Table 2 does not make. */
    REDUCED_MPL("reduced-mpl", "reduced-mpl", "default", "Reduced Meta Pseudo Labels");

    private final String id;
    private final String method;
    private final String variant;
    private final String title;

    Table2Method(String id, String method, String variant, String title) {
        this.id = id;
        this.method = method;
        this.variant = variant;
        this.title = title;
    }

    /** The {@code -Dmethods} value and run directory name. */
    public String id() {
        return id;
    }

    /** The results' method column. */
    public String method() {
        return method;
    }

    /** The results' variant column. */
    public String variant() {
        return variant;
    }

    public String title() {
        return title;
    }

    /** Table 2's rows: every method but Reduced MPL. */
    public static java.util.List<Table2Method> table2() {
        return java.util.Arrays.stream(values()).filter(m -> m != REDUCED_MPL).toList();
    }

    /** A row of Table 2 by its {@code -Dmethods} name. */
    public static Table2Method of(String id) {
        for (Table2Method m : table2()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        StringBuilder valid = new StringBuilder();
        for (Table2Method m : table2()) {
            valid.append(valid.length() == 0 ? "" : ", ").append(m.id);
        }
        throw new ConfigException("-Dmethods", "'" + id + "' is not one of: " + valid);
    }
}
