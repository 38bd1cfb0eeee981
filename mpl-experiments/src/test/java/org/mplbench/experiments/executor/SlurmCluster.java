package org.mplbench.experiments.executor;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * A Slurm cluster of one controller ({@code ctl}) and two one-core compute nodes ({@code c1},
 * {@code c2}, one simulated GPU each) in containers, from an image built on the local Debian base
 * image ({@code MPL_BASE_IMAGE}, made by {@code .ci/docker-env}). Every container sees this JVM's
 * class path and the shared results folder at their paths on this machine, as a cluster's nodes see
 * a shared file system.
 */
final class SlurmCluster implements AutoCloseable {

    /** This JVM's java, bound into the containers at its path. */
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final String LABEL = "mpl-bench.test";

    private final Network network;
    private final GenericContainer<?> ctl;
    private final List<GenericContainer<?>> nodes;
    final double startSeconds;

    /** Why the cluster cannot run here, or empty when it can. */
    static Optional<String> unavailable() {
        String base = System.getenv("MPL_BASE_IMAGE");
        if (base == null || base.isBlank()) {
            return Optional.of("MPL_BASE_IMAGE is not set: run the tests through .ci/run, or source the output of "
                    + "'.ci/docker-env start' (it starts a Docker engine and builds the Debian base image)");
        }
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return Optional.of("no Docker engine answers at DOCKER_HOST=" + System.getenv("DOCKER_HOST"));
            }
        } catch (RuntimeException e) {
            return Optional.of("Docker is not usable: " + e.getMessage());
        }
        return Optional.empty();
    }

    SlurmCluster(Path shared) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Path sources = Path.of(System.getenv().getOrDefault("MPL_APT_SOURCES", "/etc/apt/sources.list.d/debian.sources"));
        ImageFromDockerfile image = new ImageFromDockerfile("mpl-bench-slurm:22.05", false)
                .withFileFromClasspath("Dockerfile", "slurm/Dockerfile")
                .withFileFromClasspath("slurm.conf", "slurm/slurm.conf")
                .withFileFromClasspath("gres.conf", "slurm/gres.conf")
                .withFileFromClasspath("start.sh", "slurm/start.sh")
                // this machine's mirrors, or Debian's own where it has none in that form
                .withFileFromString("debian.sources", Files.isRegularFile(sources) ? Files.readString(sources)
                        : "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\n"
                                + "Components: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n")
                .withBuildArg("BASE", System.getenv("MPL_BASE_IMAGE"));
        network = Network.newNetwork();
        ctl = container(image, "ctl", shared);
        nodes = List.of(container(image, "c1", shared), container(image, "c2", shared));
        ctl.start();
        nodes.forEach(GenericContainer::start);
        await(Duration.ofSeconds(60), "two idle nodes", () -> {
            String s = sh("sinfo -h -N -o '%N %T'").getStdout();
            return s.contains("c1 idle") && s.contains("c2 idle");
        });
        startSeconds = (System.nanoTime() - t0) / 1e9;
    }

    private GenericContainer<?> container(ImageFromDockerfile image, String name, Path shared) {
        GenericContainer<?> c = new GenericContainer<>(image)
                .withNetwork(network)
                .withNetworkAliases(name)
                .withCreateContainerCmdModifier(cmd -> cmd.withHostName(name).withName("mpl-slurm-" + name + "-"
                        + ProcessHandle.current().pid()))
                .withLabel(LABEL, "slurm")
                .withCommand(name)
                .withFileSystemBind(shared.toString(), shared.toString(), BindMode.READ_WRITE);
        List<String> binds = new ArrayList<>(classpath());
        binds.add(System.getProperty("java.home"));
        // Debian's JDK keeps its configuration there (conf/ links to it)
        if (Files.isDirectory(Path.of("/etc/java-17-openjdk"))) {
            binds.add("/etc/java-17-openjdk");
        }
        for (String entry : binds) {
            c.withFileSystemBind(entry, entry, BindMode.READ_ONLY);
        }
        return c;
    }

    /** This JVM's class path entries that exist (each bound into the containers at its own path). */
    static List<String> classpath() {
        List<String> out = new ArrayList<>();
        for (String e : org.mplbench.experiments.run.Launcher.classpath().split(File.pathSeparator)) {
            if (!e.isBlank() && Files.exists(Path.of(e))) {
                out.add(e);
            }
        }
        return out;
    }

    /** Runs {@code script} with bash on the controller (a login node's shell). */
    ExecResult sh(String script) throws IOException, InterruptedException {
        return ctl.execInContainer("bash", "-c", script);
    }

    /** The compute node container named {@code name} ({@code c1}, {@code c2}). */
    GenericContainer<?> node(String name) {
        return nodes.stream().filter(n -> n.getNetworkAliases().contains(name)).findFirst().orElseThrow();
    }

    /** A job's state from {@code scontrol} ({@code PENDING}, {@code RUNNING}, {@code COMPLETED}, ...). */
    String jobState(String job) throws IOException, InterruptedException {
        String s = sh("scontrol -o show job " + job).getStdout();
        int i = s.indexOf("JobState=");
        return i < 0 ? "UNKNOWN" : s.substring(i + 9).split("\\s")[0];
    }

    /** Waits until the job (a merge job) has ended, and returns its final state. */
    String awaitEnd(String job, Duration timeout) throws IOException, InterruptedException {
        String[] state = new String[1];
        await(timeout, "job " + job + " to end", () -> {
            state[0] = jobState(job);
            return List.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY")
                    .contains(state[0]);
        });
        return state[0];
    }

    /**
     * Waits until the queue is empty (the tests submit one table at a time): every task has ended, and
     * the merge job too, including a merge job that handed over to a later one after a requeue.
     */
    void awaitDrained(Duration timeout) throws IOException, InterruptedException {
        await(timeout, "the queue to drain", () -> sh("squeue -h -o %i").getStdout().isBlank());
    }

    /** Polls {@code done} every half second until it holds, or fails after {@code timeout}. */
    void await(Duration timeout, String what, Check done) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "\nsqueue:\n" + sh("squeue -a -r -o '%i %T %R %N'").getStdout()
                        + "\nsinfo:\n" + sh("sinfo -N").getStdout()
                        + "\nslurmctld.log (tail):\n" + sh("tail -30 /var/log/slurm/slurmctld.log").getStdout());
            }
            Thread.sleep(500);
        }
    }

    /** A condition polled by {@link #await}. */
    @FunctionalInterface
    interface Check {
        boolean holds() throws IOException, InterruptedException;
    }

    @Override
    public void close() {
        nodes.forEach(GenericContainer::stop);
        ctl.stop();
        network.close();
    }
}
