package org.jasyncio.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.junit.jupiter.api.Test;

/** The library's Flight Recorder events, recorded in-process by a real recording and read back from its file. */
class FlightEventsTest extends ObserveKit {

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    @Test
    void aRecordingGetsTaskConnectionSubprocessSlowCallbackAndLagEvents() throws Exception {
        Path file = Files.createTempFile("jasyncio-events", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("org.jasyncio.TaskCreated");
            recording.enable("org.jasyncio.TaskDone");
            recording.enable("org.jasyncio.ConnectionOpened");
            recording.enable("org.jasyncio.ConnectionClosed");
            recording.enable("org.jasyncio.SubprocessSpawned");
            recording.enable("org.jasyncio.SubprocessExited");
            recording.enable("org.jasyncio.SlowCallback").withThreshold(Duration.ofMillis(20));
            recording.enable("org.jasyncio.LoopLag").withThreshold(Duration.ofMillis(20));
            recording.start();

            Task<String> worker = loop.createTask(() -> {
                Asyncio.await(Asyncio.sleep(0.01));
                return "done";
            }, "worker");
            assertEquals("done", loop.runUntilComplete(worker));
            Task<Void> failing = loop.createTask(() -> {
                throw new IllegalStateException("boom");
            }, "failing");
            try {
                loop.runUntilComplete(failing);
            } catch (IllegalStateException expected) {
                // recorded as its outcome
            }
            loop.callSoon(new Runnable() { // a slow callback, and an iteration that lags
                @Override
                public void run() {
                    sleepQuietly(60);
                }

                @Override
                public String toString() {
                    return "the-slow-callback";
                }
            });
            spinOnce(loop);
            assertEquals("ping", pingPong(loop));
            assertEquals(3, runChild(loop, 3));

            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Files.deleteIfExists(file);

        assertTrue(named(events, "org.jasyncio.TaskCreated").stream().anyMatch(e -> "worker".equals(e.getString("name"))),
                "TaskCreated for 'worker'");
        RecordedEvent workerDone = named(events, "org.jasyncio.TaskDone").stream()
                .filter(e -> "worker".equals(e.getString("name"))).findFirst().orElseThrow();
        assertEquals("result", workerDone.getString("outcome"));
        assertTrue(workerDone.getDuration("lifetime").toNanos() >= 10_000_000L, "lifetime covers the 10 ms sleep: "
                + workerDone.getDuration("lifetime"));
        RecordedEvent failingDone = named(events, "org.jasyncio.TaskDone").stream()
                .filter(e -> "failing".equals(e.getString("name"))).findFirst().orElseThrow();
        assertEquals("exception", failingDone.getString("outcome"));
        assertTrue(failingDone.getString("exception").contains("boom"));

        RecordedEvent slow = named(events, "org.jasyncio.SlowCallback").stream()
                .filter(e -> e.getString("callback").contains("the-slow-callback")).findFirst().orElseThrow();
        assertTrue(slow.getDuration().toMillis() >= 50, "slow callback duration " + slow.getDuration());
        assertTrue(named(events, "org.jasyncio.LoopLag").stream().anyMatch(e -> e.getDuration().toMillis() >= 50
                && e.getInt("callbacks") >= 1), "a LoopLag event for the iteration that ran the slow callback");

        List<RecordedEvent> opened = named(events, "org.jasyncio.ConnectionOpened");
        List<RecordedEvent> closed = named(events, "org.jasyncio.ConnectionClosed");
        assertEquals(2, opened.size(), "client and server side opened: " + opened);
        assertEquals(2, closed.size(), "client and server side closed: " + closed);
        for (RecordedEvent e : closed) {
            assertTrue(e.getString("remote").contains("127.0.0.1"), e.toString());
            assertFalse(e.getDuration("lifetime").isNegative(), "lifetime measured: " + e);
        }

        RecordedEvent spawned = named(events, "org.jasyncio.SubprocessSpawned").getFirst();
        RecordedEvent exited = named(events, "org.jasyncio.SubprocessExited").getFirst();
        assertTrue(spawned.getString("command").contains("exit 3"), spawned.toString());
        assertEquals(spawned.getLong("pid"), exited.getLong("pid"));
        assertEquals(3, exited.getInt("returncode"));
        assertFalse(exited.getDuration("lifetime").isNegative());
    }

    @Test
    void withoutARecordingNothingIsTimedAndTheLoopStillCounts() throws Exception {
        // no recording: the hooks return "off" and the loop takes its plain path
        assertFalse(org.jasyncio.internal.observe.FlightEvents.loopEventsEnabled() && !anyRecordingRunning());
        assertEquals("ping", pingPong(loop));
        assertTrue(loop.stats().callbacksRun() > 0);
    }

    private static boolean anyRecordingRunning() {
        return jdk.jfr.FlightRecorder.isInitialized() && jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings()
                .stream().anyMatch(r -> r.getState() == jdk.jfr.RecordingState.RUNNING);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
