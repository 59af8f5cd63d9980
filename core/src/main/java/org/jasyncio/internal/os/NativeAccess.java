package org.jasyncio.internal.os;

/**
 * Whether this module may call the FFM API's restricted methods (a downcall handle, a reinterpreted segment): true
 * when the JVM runs with {@code --enable-native-access} for it (or the jar manifest's Enable-Native-Access). Every
 * native path asks first and stays off otherwise, so a JVM without the flag gets the portable paths and neither the
 * JDK's warning about restricted calls nor, in a later JDK, its refusal.
 */
final class NativeAccess {
    private static final boolean ENABLED = NativeAccess.class.getModule().isNativeAccessEnabled();
    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");

    private NativeAccess() {
    }

    static boolean enabled() {
        return ENABLED;
    }

    /** Native access is on and this is Linux, whose system calls, errno values and flags the callers spell out. */
    static boolean enabledOnLinux() {
        return ENABLED && LINUX;
    }
}
