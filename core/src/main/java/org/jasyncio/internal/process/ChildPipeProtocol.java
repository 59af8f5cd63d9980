package org.jasyncio.internal.process;

import org.jasyncio.BaseTransport;
import org.jasyncio.Protocol;

/**
 * The protocol of one of a child's pipe transports (asyncio's {@code ReadSubprocessPipeProto} and
 * {@code WriteSubprocessPipeProto}): forwards data, loss and write flow control to the subprocess transport.
 */
final class ChildPipeProtocol implements Protocol {
    final int fd;
    private ChildProcessTransport owner;
    BaseTransport pipe;
    boolean disconnected;

    ChildPipeProtocol(ChildProcessTransport owner, int fd) {
        this.owner = owner;
        this.fd = fd;
    }

    @Override
    public void connectionMade(BaseTransport transport) {
        pipe = transport;
    }

    @Override
    public void dataReceived(byte[] data) {
        owner.pipeDataReceived(fd, data);
    }

    @Override
    public boolean eofReceived() {
        return false;
    }

    @Override
    public void connectionLost(Throwable exc) {
        disconnected = true;
        ChildProcessTransport o = owner;
        owner = null;
        o.pipeConnectionLost(fd, exc);
    }

    @Override
    public void pauseWriting() {
        owner.protocolPauseWriting();
    }

    @Override
    public void resumeWriting() {
        owner.protocolResumeWriting();
    }

    @Override
    public String toString() {
        return "<ChildPipeProtocol fd=" + fd + " pipe=" + pipe + ">";
    }
}
