package org.jasyncio.internal.net;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.ServerOptions;

/** Opens and binds the listening sockets of {@code create_server} and {@code create_unix_server}. */
final class ServerBinding {
    /** {@code S_IFMT} and {@code S_IFSOCK} from stat(2). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private ServerBinding() {
    }

    /**
     * Binds one socket per address. As asyncio, an address that is not available here (EADDRNOTAVAIL) is skipped,
     * any other bind error fails the whole call, and no address bound at all is an error.
     * Java cannot set IPV6_V6ONLY, so an IPv6 wildcard socket is dual-stack: with a fixed port it is bound first,
     * and the IPv4 wildcard that then collides with it is skipped, since the IPv6 socket already serves IPv4.
     */
    static List<ServerSocketChannel> bindAll(List<InetSocketAddress> addresses, ServerOptions o) throws IOException {
        List<InetSocketAddress> order = new ArrayList<>(addresses);
        boolean fixedPort = !order.isEmpty() && order.get(0).getPort() != 0;
        if (fixedPort) {
            order.sort((a, b) -> Boolean.compare(!isIpv6Wildcard(a), !isIpv6Wildcard(b)));
        }
        List<ServerSocketChannel> bound = new ArrayList<>();
        boolean dualStackBound = false;
        boolean completed = false;
        try {
            for (InetSocketAddress address : order) {
                ServerSocketChannel ch = ServerSocketChannel.open(Addresses.familyOf(address.getAddress()));
                try {
                    ch.setOption(StandardSocketOptions.SO_REUSEADDR, o.reuseAddress());
                    if (o.reusePort()) {
                        if (!ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                            throw new IllegalArgumentException("reuse_port not supported by socket module");
                        }
                        ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                    }
                    ch.bind(address, o.backlog());
                } catch (IOException e) {
                    ch.close();
                    String reason = String.valueOf(e.getMessage());
                    if (reason.contains("Cannot assign requested address")) {
                        continue; // the family is not enabled here (bpo-30945)
                    }
                    if (dualStackBound && address.getAddress().isAnyLocalAddress() && reason.contains("in use")) {
                        continue; // the dual-stack IPv6 wildcard socket already listens for IPv4
                    }
                    BindException be = new BindException("error while attempting to bind on address "
                            + Addresses.repr(address) + ": " + reason.toLowerCase());
                    be.initCause(e);
                    throw be;
                }
                bound.add(ch);
                dualStackBound |= isIpv6Wildcard(address);
            }
            if (bound.isEmpty()) {
                List<String> tried = new ArrayList<>();
                for (InetSocketAddress a : addresses) {
                    tried.add(Addresses.repr(a));
                }
                throw new IOException("could not bind on any address out of " + tried);
            }
            completed = true;
            return bound;
        } finally {
            if (!completed) {
                bound.forEach(StreamNetworking::closeQuietly);
            }
        }
    }

    private static boolean isIpv6Wildcard(InetSocketAddress a) {
        return a.getAddress() instanceof java.net.Inet6Address && a.getAddress().isAnyLocalAddress();
    }

    /** Binds a Unix socket at {@code path}, replacing a stale socket file left by an earlier server. */
    static ServerSocketChannel bindUnix(Path path, int backlog) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & S_IFMT) == S_IFSOCK) {
                Files.delete(path);
            }
        } catch (NoSuchFileException e) {
            // nothing stale to remove
        } catch (IOException | UnsupportedOperationException e) {
            StreamNetworking.LOGGER.log(System.Logger.Level.ERROR,
                    "Unable to check or remove stale UNIX socket " + path + ": " + e);
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(path), backlog);
            return ch;
        } catch (IOException e) {
            ch.close();
            if (String.valueOf(e.getMessage()).contains("in use")) {
                BindException be = new BindException("Address '" + path + "' is already in use");
                be.initCause(e);
                throw be;
            }
            throw e;
        }
    }

    /** The inode of a Unix listening socket's file, or null (not a path socket, or the file is gone). */
    static Object inodeOf(ServerSocketChannel ch) {
        try {
            if (ch.getLocalAddress() instanceof UnixDomainSocketAddress u && !u.getPath().toString().isEmpty()) {
                return Files.getAttribute(u.getPath(), "unix:ino", LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        return null;
    }
}
