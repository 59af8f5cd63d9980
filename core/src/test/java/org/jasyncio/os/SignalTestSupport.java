package org.jasyncio.os;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jasyncio.internal.os.SignalNames;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Sends real signals to this JVM and looks at, or repairs, the process's dispositions. */
final class SignalTestSupport {
    private SignalTestSupport() {
    }

    /** {@code kill -NAME <this pid>}, waiting until kill has delivered it. */
    static void sendToSelf(String shortName) throws IOException, InterruptedException {
        send(shortName, ProcessHandle.current().pid());
    }

    static void send(String shortName, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + shortName, Long.toString(pid)).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + shortName + " " + pid + " failed");
        }
    }

    /** True when the kernel discards {@code shortName} for this process (SigIgn in /proc/self/status). */
    static boolean ignoredByKernel(String shortName) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                return (mask & (1L << (SignalNames.number(shortName) - 1))) != 0;
            }
        }
        return false;
    }

    /**
     * The JVM never handles a shutdown signal (HUP, INT, TERM) that the process inherited as ignored, for instance
     * when the build runs as a background job of a script or under nohup. For a test of that signal, reset it to
     * the default the way an interactive shell would; returns whether it did, so that the test can ignore it again.
     */
    static boolean makeDeliverable(String shortName) throws Throwable {
        if (!ignoredByKernel(shortName)) {
            return false;
        }
        MethodHandle signal = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("signal").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        MemorySegment ignored = (MemorySegment) signal.invokeExact(SignalNames.number(shortName), MemorySegment.NULL);
        return true;
    }

    /** Undoes {@link #makeDeliverable} when it reset the signal. */
    static void ignoreAgain(String shortName, boolean wasReset) {
        if (wasReset) {
            Signal.handle(new Signal(SignalNames.shortName(shortName)), SignalHandler.SIG_IGN);
        }
    }

    /** A description of the handler the JVM runs for {@code shortName} now (swapped out and straight back in). */
    static String currentHandler(String shortName) {
        Signal signal = new Signal(SignalNames.shortName(shortName));
        SignalHandler current = Signal.handle(signal, sig -> { });
        Signal.handle(signal, current);
        if (current == SignalHandler.SIG_DFL || current == SignalHandler.SIG_IGN) {
            return current == SignalHandler.SIG_DFL ? "SIG_DFL" : "SIG_IGN";
        }
        String description = current.toString();
        // HotSpot's own native handler (PIPE, XFSZ) comes back as a new wrapper each time: only its kind is stable.
        return description.contains("NativeHandler@") ? "HotSpot's native handler" : description;
    }
}
