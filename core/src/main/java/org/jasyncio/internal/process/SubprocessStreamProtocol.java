package org.jasyncio.internal.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.BaseTransport;
import org.jasyncio.Future;
import org.jasyncio.ReadTransport;
import org.jasyncio.StreamReader;
import org.jasyncio.StreamWriter;
import org.jasyncio.SubprocessProtocol;
import org.jasyncio.SubprocessTransport;
import org.jasyncio.WriteTransport;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.streams.DrainFlow;
import org.jasyncio.internal.streams.StreamsAccess;
import org.jasyncio.internal.task.BaseFuture;

/**
 * asyncio's {@code subprocess.SubprocessStreamProtocol}: turns a child's pipes into streams, a StreamWriter on stdin
 * (with the flow control of asyncio's {@code FlowControlMixin}) and a StreamReader on stdout and stderr, and closes
 * the transport once the child exited and both readers saw their end. Also keeps the waiters of
 * {@code Process.wait()} (asyncio keeps them in the transport), woken when the transport is done.
 */
public final class SubprocessStreamProtocol implements SubprocessProtocol {
    private final int limit;
    private final SelectorEventLoop loop;
    private final DrainFlow flow;
    private StreamWriter stdin;
    private StreamReader stdout;
    private StreamReader stderr;
    private SubprocessTransport transport;
    private boolean processExited;
    private final List<Integer> pipeFds = new ArrayList<>(2);
    private final BaseFuture<Void> stdinClosed;
    private final ArrayDeque<BaseFuture<Integer>> exitWaiters = new ArrayDeque<>();
    private boolean finished;

    public SubprocessStreamProtocol(SelectorEventLoop loop, int limit) {
        this.loop = loop;
        this.limit = limit;
        this.flow = new DrainFlow(loop);
        this.stdinClosed = new BaseFuture<>(loop);
    }

    public SelectorEventLoop stdinLoop() {
        return loop;
    }

    public StreamWriter stdin() {
        return stdin;
    }

    public StreamReader stdout() {
        return stdout;
    }

    public StreamReader stderr() {
        return stderr;
    }

    @Override
    public void connectionMade(BaseTransport t) {
        transport = (SubprocessTransport) t;
        StreamsAccess.Operations<StreamReader, StreamWriter> streams =
                StreamsAccess.get(StreamReader.class, StreamWriter.class);
        if (transport.getPipeTransport(1) instanceof ReadTransport out) {
            stdout = newReader(streams, out);
            pipeFds.add(1);
        }
        if (transport.getPipeTransport(2) instanceof ReadTransport err) {
            stderr = newReader(streams, err);
            pipeFds.add(2);
        }
        if (transport.getPipeTransport(0) instanceof WriteTransport in) {
            stdin = streams.newWriter(in, flow, stdinClosed, null, loop);
        }
    }

    private StreamReader newReader(StreamsAccess.Operations<StreamReader, StreamWriter> streams, ReadTransport pipe) {
        StreamReader reader = new StreamReader(limit);
        streams.bindLoop(reader, loop);
        streams.setTransport(reader, pipe);
        return reader;
    }

    @Override
    public void pipeDataReceived(int fd, byte[] data) {
        StreamReader reader = fd == 1 ? stdout : fd == 2 ? stderr : null;
        if (reader != null) {
            reader.feedData(data);
        }
    }

    @Override
    public void pipeConnectionLost(int fd, Throwable exc) {
        if (fd == 0) {
            if (stdin != null) {
                stdin.close();
            }
            flow.connectionLost(exc);
            if (exc == null) {
                stdinClosed.setResult(null);
            } else {
                stdinClosed.setException(exc);
                stdinClosed.exception(); // asyncio: _log_traceback = False, nobody has to retrieve it
            }
            return;
        }
        StreamReader reader = fd == 1 ? stdout : fd == 2 ? stderr : null;
        if (reader != null) {
            if (exc == null) {
                reader.feedEof();
            } else {
                reader.setException(exc);
            }
        }
        pipeFds.remove(Integer.valueOf(fd));
        maybeCloseTransport();
    }

    @Override
    public void processExited() {
        processExited = true;
        maybeCloseTransport();
    }

    private void maybeCloseTransport() {
        if (pipeFds.isEmpty() && processExited && transport != null) {
            transport.close();
        }
    }

    @Override
    public void pauseWriting() {
        flow.pauseWriting();
    }

    @Override
    public void resumeWriting() {
        flow.resumeWriting();
    }

    /** The transport is done: the child exited and every pipe closed. Wakes {@code wait()}. */
    @Override
    public void connectionLost(Throwable exc) {
        finished = true;
        Integer rc = transport.getReturncode();
        while (!exitWaiters.isEmpty()) {
            BaseFuture<Integer> w = exitWaiters.pollFirst();
            if (!w.cancelled()) {
                w.setResult(rc);
            }
        }
    }

    /** asyncio's {@code transport._wait()}: the exit status at once when known, else when the transport is done. */
    public Future<Integer> waitAsync() {
        BaseFuture<Integer> f = new BaseFuture<>(loop);
        Integer rc = transport.getReturncode();
        if (rc != null || finished) {
            f.setResult(rc);
        } else {
            exitWaiters.add(f);
        }
        return f;
    }
}
