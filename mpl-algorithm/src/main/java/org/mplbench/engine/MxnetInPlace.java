package org.mplbench.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.util.NativeResource;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * MXNet operators with several outputs written into given arrays. DJL 0.36's {@code invoke} with
 * destination arrays always tells MXNet there is one output ("Operator expects 4 outputs, but got 1"),
 * so the multi-tensor updates call {@code MXImperativeInvokeEx} of the library DJL has loaded
 * themselves, with the arrays' own handles.
 */
final class MxnetInPlace {

    private static final int RTLD_LAZY = 0x1;
    private static final int RTLD_NOLOAD = 0x4;
    private static final Map<String, Pointer> OPS = new ConcurrentHashMap<>();
    private static volatile Optional<NativeLibrary> library;

    private MxnetInPlace() {}

    /** Whether the loaded MXNet library was found (Linux: in /proc/self/maps). */
    static boolean available() {
        return lib().isPresent();
    }

    /** Runs {@code op} on {@code inputs}, writing its outputs into {@code outputs} (MXNet arrays). */
    static void invoke(String op, NDArray[] inputs, NDArray[] outputs, String[] keys, String[] values) {
        NativeLibrary l = lib().orElseThrow(() -> new IllegalStateException("the MXNet library is not loaded"));
        Pointer creator = OPS.computeIfAbsent(op, name -> {
            PointerByReference h = new PointerByReference();
            check(l, l.getFunction("NNGetOpHandle").invokeInt(new Object[] {name, h}), name);
            return h.getValue();
        });
        Pointer[] in = new Pointer[inputs.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = handle(inputs[i]);
        }
        Memory out = new Memory((long) outputs.length * Native.POINTER_SIZE);
        for (int i = 0; i < outputs.length; i++) {
            out.setPointer((long) i * Native.POINTER_SIZE, handle(outputs[i]));
        }
        int rc = l.getFunction("MXImperativeInvokeEx").invokeInt(new Object[] {creator, in.length, in,
                new IntByReference(outputs.length), new PointerByReference(out), keys.length, keys, values,
                new PointerByReference()});
        // The call sees `out` only as an address inside the PointerByReference: without this fence the JIT
        // may let the garbage collector free it while MXNet reads the handles (a worker JVM died of that,
        // SIGSEGV in mxnet::Tuple's copy, once in ~130 TwoMoon runs of 12,000 steps).
        Reference.reachabilityFence(out);
        check(l, rc, op);
    }

    /** Calls {@code function} of the loaded MXNet library, throwing MXNet's message when it fails. */
    static void call(String function, Object... args) {
        NativeLibrary l = lib().orElseThrow(() -> new IllegalStateException("the MXNet library is not loaded"));
        check(l, l.getFunction(function).invokeInt(args), function);
    }

    /** An MXNet array's handle (MXNet arrays are DJL native resources of a JNA pointer). */
    static Pointer handle(NDArray a) {
        return (Pointer) ((NativeResource<?>) a).getHandle();
    }

    private static void check(NativeLibrary l, int rc, String op) {
        if (rc != 0) {
            String message = l.getFunction("MXGetLastError").invokeString(new Object[0], false);
            throw new IllegalStateException("MXNet " + op + " failed: " + message);
        }
    }

    private static Optional<NativeLibrary> lib() {
        Optional<NativeLibrary> l = library;
        if (l == null) {
            l = find();
            library = l;
        }
        return l;
    }

    private static Optional<NativeLibrary> find() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(line -> line.substring(line.indexOf('/') < 0 ? line.length() : line.indexOf('/')))
                    .filter(path -> path.endsWith("/libmxnet.so")).findFirst()
                    // the handle of the copy DJL loaded, kept local: opened globally, libmxnet's bundled
                    // libjpeg symbols would take the place of the JDK's (ImageIO's JPEG writer then fails)
                    .map(path -> NativeLibrary.getInstance(path, Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY | RTLD_NOLOAD)));
        } catch (IOException | UnsatisfiedLinkError e) {
            return Optional.empty();
        }
    }
}
