package org.jasyncio.process;

import static org.jasyncio.process.ProcessTesting.newLoop;
import static org.jasyncio.process.ProcessTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.jasyncio.BaseTransport;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.ReadTransport;
import org.jasyncio.SubprocessProtocol;
import org.jasyncio.SubprocessTransport;
import org.jasyncio.WriteTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 100 MB streamed through {@code cat}: stdin driven by write flow control, stdout paused and resumed on the way. */
class LargeTransferTest {
    private static final long TOTAL = 100L << 20;
    private static final int CHUNK = 1 << 20;

    private EventLoop loop;

    @AfterEach
    void closeLoop() {
        if (loop != null) {
            loop.close();
        }
        System.clearProperty(ProcessTesting.PIPES_PROPERTY);
    }

    /** Feeds cat as fast as flow control allows and reads back with a paused-then-resumed reader. */
    static final class Pump implements SubprocessProtocol {
        final EventLoop loop;
        final byte[] chunk = new byte[CHUNK];
        final CRC32 sentCrc = new CRC32();
        final CRC32 receivedCrc = new CRC32();
        final Future<Void> done;
        SubprocessTransport transport;
        WriteTransport stdin;
        ReadTransport stdout;
        long sent;
        long received;
        long nextPauseAt = 10L << 20;
        int pauses;
        boolean paused;
        long receivedWhilePaused;
        boolean writingPaused;

        Pump(EventLoop loop) {
            this.loop = loop;
            this.done = loop.createFuture();
            new Random(42).nextBytes(chunk);
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (SubprocessTransport) t;
            stdin = (WriteTransport) transport.getPipeTransport(0);
            stdout = (ReadTransport) transport.getPipeTransport(1);
            fill();
        }

        private void fill() {
            while (!writingPaused && sent < TOTAL) {
                stdin.write(chunk);
                sentCrc.update(chunk);
                sent += CHUNK;
            }
            if (sent >= TOTAL && !stdin.isClosing()) {
                stdin.writeEof();
            }
        }

        @Override
        public void pauseWriting() {
            writingPaused = true;
        }

        @Override
        public void resumeWriting() {
            writingPaused = false;
            fill();
        }

        @Override
        public void pipeDataReceived(int fd, byte[] data) {
            if (paused) {
                receivedWhilePaused += data.length;
            }
            received += data.length;
            receivedCrc.update(data);
            if (received >= nextPauseAt && !paused) {
                nextPauseAt += 10L << 20;
                paused = true;
                pauses++;
                stdout.pauseReading();
                loop.callLater(0.02, () -> {
                    paused = false;
                    stdout.resumeReading();
                });
            }
        }

        @Override
        public void connectionLost(Throwable exc) {
            done.setResult(null);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void hundredMegabytesThroughCat(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = run(loop, loop.<Pump>subprocessExec(() -> new Pump(loop), List.of("cat")), 10);
        Pump p = c.protocol();
        run(loop, p.done, 60);
        assertEquals(TOTAL, p.sent);
        assertEquals(TOTAL, p.received);
        assertEquals(p.sentCrc.getValue(), p.receivedCrc.getValue());
        assertTrue(p.pauses >= 9, "pauses " + p.pauses);
        // A chunk already handed to the loop may land after pauseReading, never more than one read's worth.
        assertTrue(p.receivedWhilePaused <= (long) p.pauses * (256 << 10), "received while paused: " + p.receivedWhilePaused);
        assertEquals(0, c.transport().getReturncode());
    }
}
