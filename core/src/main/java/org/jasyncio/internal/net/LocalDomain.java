package org.jasyncio.internal.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** NI_NOFQDN: glibc drops the local domain from a host name; the local domain is found once, on first use. */
final class LocalDomain {
    private LocalDomain() {
    }

    static String strip(String name) {
        String domain = Holder.DOMAIN;
        if (!domain.isEmpty() && name.length() > domain.length() + 1 && name.endsWith("." + domain)) {
            return name.substring(0, name.length() - domain.length() - 1);
        }
        return name;
    }

    private static final class Holder {
        static final String DOMAIN = find();

        private static String find() {
            try {
                String me = InetAddress.getLocalHost().getCanonicalHostName();
                int dot = me.indexOf('.');
                return dot > 0 && Dns.parseLiteral(me) == null ? me.substring(dot + 1) : "";
            } catch (UnknownHostException e) {
                return "";
            }
        }
    }
}
