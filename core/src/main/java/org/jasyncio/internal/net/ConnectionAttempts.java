package org.jasyncio.internal.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.ExceptionGroup;
import org.jasyncio.TimerHandle;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;

/**
 * Connects to the first address that answers. Without Happy Eyeballs the addresses are tried one after another;
 * with it (asyncio's {@code staggered_race}) a new attempt starts when the previous one fails or after
 * {@code delay} seconds, whichever is first, the first success wins and the others are abandoned.
 */
final class ConnectionAttempts {
    private final SelectorEventLoop loop;
    private final StreamNetworking streams;
    private final List<InetSocketAddress> addresses;
    private final List<InetSocketAddress> localAddresses;
    private final double delay;
    /** asyncio's {@code all_errors}: fail with every attempt's error in an ExceptionGroup. */
    private final boolean allErrors;
    private final BaseFuture<Connector> result;
    private final List<Connector> running = new ArrayList<>();
    /** Errors by attempt index, so the combined message lists them in the order the addresses were tried. */
    private final IOException[][] errors;
    private int next;
    private TimerHandle timer;

    /** Without all_errors. */
    ConnectionAttempts(StreamNetworking streams, List<InetSocketAddress> addresses, List<InetSocketAddress> localAddresses,
            double delay) {
        this(streams, addresses, localAddresses, delay, false);
    }

    /** {@code delay} < 0: sequential; {@code localAddresses} may be null. */
    ConnectionAttempts(StreamNetworking streams, List<InetSocketAddress> addresses, List<InetSocketAddress> localAddresses,
            double delay, boolean allErrors) {
        this.allErrors = allErrors;
        this.streams = streams;
        this.loop = streams.loop();
        this.addresses = addresses;
        this.localAddresses = localAddresses;
        this.delay = delay;
        this.result = new BaseFuture<>(loop);
        this.errors = new IOException[addresses.size()][];
        result.addDoneCallback(f -> {
            if (f.cancelled()) {
                abandonAll();
            }
        });
    }

    BaseFuture<Connector> start() {
        launchNext();
        return result;
    }

    private void launchNext() {
        if (result.done()) {
            return;
        }
        if (next >= addresses.size()) {
            if (running.isEmpty()) {
                failAll();
            }
            return;
        }
        int index = next++;
        InetSocketAddress address = addresses.get(index);
        if (delay >= 0 && next < addresses.size()) {
            timer = loop.callLater(delay, this::launchNext);
        }
        List<InetSocketAddress> locals;
        try {
            locals = localsFor(address);
        } catch (IOException e) {
            errors[index] = new IOException[] {e};
            launchNextAfterFailure();
            return;
        }
        Connector c = new Connector(streams, address, (conn, error) -> finished(index, conn, error));
        running.add(c);
        c.start(Addresses.familyOf(address.getAddress()), locals);
    }

    /** The local addresses of {@code address}'s family (null when none was asked for). */
    private List<InetSocketAddress> localsFor(InetSocketAddress address) throws IOException {
        if (localAddresses == null) {
            return null;
        }
        List<InetSocketAddress> same = new ArrayList<>();
        for (InetSocketAddress l : localAddresses) {
            if (Addresses.familyOf(l.getAddress()) == Addresses.familyOf(address.getAddress())) {
                same.add(l);
            }
        }
        if (same.isEmpty()) {
            throw new IOException("no matching local address with family=" + Addresses.familyOf(address.getAddress()) + " found");
        }
        return same;
    }

    private void finished(int index, Connector conn, Throwable error) {
        running.remove(conn);
        if (error == null) {
            if (result.done()) {
                conn.abandon();
                return;
            }
            cancelTimer();
            abandonAll();
            result.setResult(conn);
            return;
        }
        errors[index] = new IOException[] {error instanceof IOException io ? io : new IOException(error)};
        launchNextAfterFailure();
    }

    private void launchNextAfterFailure() {
        cancelTimer();
        launchNext();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void abandonAll() {
        cancelTimer();
        for (Connector c : List.copyOf(running)) {
            c.abandon();
        }
        running.clear();
    }

    /**
     * asyncio's rule: with all_errors, a group of them all; else one error as it is; several with the same text, the
     * first; else one naming them all.
     */
    private void failAll() {
        List<IOException> all = new ArrayList<>();
        for (IOException[] es : errors) {
            if (es != null) {
                all.addAll(List.of(es));
            }
        }
        if (all.isEmpty()) {
            result.setException(new IOException("create_connection failed: no address was tried"));
            return;
        }
        if (allErrors) {
            result.setException(new ExceptionGroup("create_connection failed", all));
            return;
        }
        IOException first = all.get(0);
        boolean sameText = true;
        boolean allRefused = true;
        for (IOException e : all) {
            sameText &= String.valueOf(e.getMessage()).equals(String.valueOf(first.getMessage()));
            allRefused &= e instanceof ConnectException;
        }
        if (all.size() == 1 || sameText) {
            result.setException(first);
            return;
        }
        StringBuilder sb = new StringBuilder("Multiple exceptions: ");
        for (int i = 0; i < all.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(all.get(i).getMessage());
        }
        IOException combined = allRefused ? new ConnectException(sb.toString()) : new IOException(sb.toString());
        for (IOException e : all) {
            combined.addSuppressed(e);
        }
        result.setException(combined);
    }
}
