package org.mplbench.experiments.bench;

/** A case's fixed identity: name, description, whether it uses all cores, whether it wants the tuned allocator. */
abstract class NamedCase implements BenchCase {

    private final String name;
    private final String description;
    private final boolean allCores;
    private final boolean tuneAllocator;

    NamedCase(String name, String description, boolean allCores, boolean tuneAllocator) {
        this.name = name;
        this.description = description;
        this.allCores = allCores;
        this.tuneAllocator = tuneAllocator;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final int defaultThreads(int cores) {
        return allCores ? cores : 1;
    }

    @Override
    public final boolean tuneAllocator() {
        return tuneAllocator;
    }
}
