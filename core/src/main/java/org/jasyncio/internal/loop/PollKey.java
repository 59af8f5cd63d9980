package org.jasyncio.internal.loop;

/** One channel's registration with a {@link Poller}. Operations are {@code SelectionKey.OP_*} bits. */
public interface PollKey {
    int interestOps();

    /** Changes the operations polled for; a no-op when they are unchanged. */
    void interestOps(int ops);

    default void addInterest(int op) {
        interestOps(interestOps() | op);
    }

    default void removeInterest(int op) {
        interestOps(interestOps() & ~op);
    }

    IoHandler handler();

    /** Stops polling the channel; the channel itself stays open. */
    void cancel();

    boolean isValid();
}
