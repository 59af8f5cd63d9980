package org.jasyncio.internal.os;

import java.util.Locale;
import java.util.Map;

/** Unix signal names and their Linux numbers; accepts "SIGUSR1" and "USR1". */
public final class SignalNames {
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("TRAP", 5),
            Map.entry("ABRT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10),
            Map.entry("SEGV", 11), Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14),
            Map.entry("TERM", 15), Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CONT", 18),
            Map.entry("STOP", 19), Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22),
            Map.entry("URG", 23), Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26),
            Map.entry("PROF", 27), Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("PWR", 30), Map.entry("SYS", 31));

    private SignalNames() {
    }

    /** "SIGUSR1" or "usr1" to "USR1"; IllegalArgumentException for a name that is no signal. */
    public static String shortName(String signal) {
        if (signal == null || signal.isBlank()) {
            throw new IllegalArgumentException("signal name must not be empty");
        }
        String s = signal.trim().toUpperCase(Locale.ROOT);
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        if (!NUMBERS.containsKey(s)) {
            throw new IllegalArgumentException("invalid signal name: " + signal);
        }
        return s;
    }

    /** The Linux number of a signal name. */
    public static int number(String signal) {
        return NUMBERS.get(shortName(signal));
    }

    /** The name of a Linux signal number, "SIG" included, or null. */
    public static String nameOf(int number) {
        for (Map.Entry<String, Integer> e : NUMBERS.entrySet()) {
            if (e.getValue() == number) {
                return "SIG" + e.getKey();
            }
        }
        return null;
    }
}
