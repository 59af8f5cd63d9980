package org.jasyncio.internal.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * getservbyport(): the service names of /etc/services, read once on first use (in an executor thread, since
 * getnameinfo runs there). A port without a name, or a system without the file, gives the port number.
 */
final class ServiceNames {
    private ServiceNames() {
    }

    static String nameOf(int port, boolean udp) {
        String name = Table.NAMES.get(key(port, udp));
        return name != null ? name : Integer.toString(port);
    }

    private static int key(int port, boolean udp) {
        return port << 1 | (udp ? 1 : 0);
    }

    /** Loaded when first needed (class initialisation is thread-safe and happens once). */
    private static final class Table {
        static final Map<Integer, String> NAMES = load(Path.of("/etc/services"));

        private static Map<Integer, String> load(Path file) {
            Map<Integer, String> names = new HashMap<>();
            try {
                for (String line : Files.readAllLines(file)) {
                    int hash = line.indexOf('#');
                    String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
                    if (f.length < 2) {
                        continue;
                    }
                    int slash = f[1].indexOf('/');
                    if (slash < 0) {
                        continue;
                    }
                    String proto = f[1].substring(slash + 1);
                    if (!proto.equals("tcp") && !proto.equals("udp")) {
                        continue;
                    }
                    try {
                        int port = Integer.parseInt(f[1].substring(0, slash));
                        names.putIfAbsent(key(port, proto.equals("udp")), f[0]); // the first entry wins, as in glibc
                    } catch (NumberFormatException malformed) {
                        // skip the line, as getservbyport does
                    }
                }
            } catch (IOException | RuntimeException unreadable) {
                return Map.of();
            }
            return Map.copyOf(names);
        }
    }
}
