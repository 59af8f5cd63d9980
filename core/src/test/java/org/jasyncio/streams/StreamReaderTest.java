package org.jasyncio.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Future;
import org.jasyncio.IncompleteReadError;
import org.jasyncio.LimitOverrunError;
import org.jasyncio.StreamReader;
import org.jasyncio.Task;
import org.junit.jupiter.api.Test;

/** test_streams.py's reader behaviours on a reader fed by hand: made and fed with no loop, read inside tasks. */
class StreamReaderTest extends StreamsFixture {
    static final String DATA = "line1\nline2\nline3\n";

    private <T> T await2(Future<T> f) throws Exception {
        return run(() -> Asyncio.await(f));
    }

    private String read(StreamReader r, int n) throws Exception {
        return s(run(() -> Asyncio.await(r.read(n))));
    }

    private String line(StreamReader r) throws Exception {
        return s(run(() -> Asyncio.await(r.readline())));
    }

    private String until(StreamReader r, String sep) throws Exception {
        return s(run(() -> Asyncio.await(r.readuntil(b(sep)))));
    }

    private Exception failure(Future<?> f) {
        return assertThrows(Exception.class, () -> await(f));
    }

    private Exception failureInTask(java.util.concurrent.Callable<Future<byte[]>> read) {
        return assertThrows(Exception.class, () -> run(() -> Asyncio.await(read.call())));
    }

    /** Feeds in a callback once the task started waiting, as the CPython tests do with call_soon. */
    private String readWhileFeeding(Future<byte[]> read, Runnable feed) throws Exception {
        loop.callSoon(feed);
        return s(await(read));
    }

    @Test
    void aReaderIsMadeAndFedWithNoLoopAtAll() {
        StreamReader r = new StreamReader();
        r.feedData(b("abc"));
        r.feedEof();
        assertFalse(r.atEof());
        assertEquals("<StreamReader 3 bytes eof>", r.toString());
        assertEquals(StreamReader.DEFAULT_LIMIT, r.limit());
        assertEquals(65536, StreamReader.DEFAULT_LIMIT);
    }

    @Test
    void feedingEmptyDataChangesNothing() {
        StreamReader r = new StreamReader();
        r.feedData(new byte[0]);
        assertEquals("<StreamReader>", r.toString());
    }

    @Test
    void feedingDataBuffersIt() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b(DATA));
        assertEquals("<StreamReader 18 bytes>", r.toString());
        assertEquals(DATA, rest(r));
    }

    @Test
    void readZeroReturnsEmptyAndKeepsTheBuffer() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b(DATA));
        assertEquals("", read(r, 0));
        assertEquals(DATA, rest(r));
    }

    @Test
    void readWaitsForDataFedLater() throws Exception {
        StreamReader r = new StreamReader();
        Task<byte[]> t = loop.createTask(() -> Asyncio.await(r.read(30)));
        assertEquals(DATA, readWhileFeeding(t, () -> r.feedData(b(DATA))));
        assertEquals("", rest(r));
    }

    @Test
    void readReturnsAtMostNBytes() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b("line1"));
        r.feedData(b("line2"));
        assertEquals("line1", read(r, 5));
        assertEquals("line2", rest(r));
    }

    @Test
    void readAtEofReturnsEmpty() throws Exception {
        StreamReader r = new StreamReader();
        Task<byte[]> t = loop.createTask(() -> Asyncio.await(r.read(1024)));
        assertEquals("", readWhileFeeding(t, r::feedEof));
        assertTrue(r.atEof());
    }

    @Test
    void readWithoutSizeReadsUntilEof() throws Exception {
        StreamReader r = new StreamReader();
        Task<byte[]> t = loop.createTask(() -> Asyncio.await(r.read(-1)));
        assertEquals("chunk1\nchunk2", readWhileFeeding(t, () -> {
            r.feedData(b("chunk1\n"));
            r.feedData(b("chunk2"));
            r.feedEof();
        }));
        assertTrue(r.atEof());
    }

    @Test
    void readToEofGathersFarMoreThanTwiceTheLimit() throws Exception {
        StreamReader r = new StreamReader(16);
        Task<byte[]> t = loop.createTask(() -> Asyncio.await(r.read()));
        StringBuilder expected = new StringBuilder();
        loop.callSoon(() -> {
            for (int i = 0; i < 200; i++) {
                String chunk = "chunk-" + i + ";";
                expected.append(chunk);
                r.feedData(b(chunk));
            }
            r.feedEof();
        });
        String got = s(await(t));
        assertEquals(expected.toString(), got);
    }

    @Test
    void readFailsWithTheReadersExceptionAfterTheBufferedBytes() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b("line\n"));
        assertEquals("li", read(r, 2));
        IllegalStateException boom = new IllegalStateException("boom");
        r.setException(boom);
        assertSame(boom, failureInTask(() -> r.read(2)));
        assertSame(boom, failureInTask(r::read));
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertEquals("Limit cannot be <= 0",
                assertThrows(IllegalArgumentException.class, () -> new StreamReader(0)).getMessage());
        assertEquals("Limit cannot be <= 0",
                assertThrows(IllegalArgumentException.class, () -> new StreamReader(-1)).getMessage());
    }

    @Test
    void readIgnoresTheLimit() throws Exception {
        StreamReader r = new StreamReader(3);
        r.feedData(b("chunk"));
        assertEquals("chunk", read(r, 5));
        assertEquals("", rest(r));
    }

    @Test
    void readlineWaitsAcrossSeveralChunks() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b("chunk1 "));
        Task<byte[]> t = loop.createTask(() -> Asyncio.await(r.readline()));
        assertEquals("chunk1 chunk2 chunk3 \n", readWhileFeeding(t, () -> {
            r.feedData(b("chunk2 "));
            r.feedData(b("chunk3 "));
            r.feedData(b("\n chunk4"));
        }));
        assertEquals(" chunk4", rest(r));
    }

    @Test
    void readlineOverTheLimitWithBufferedDataDropsThatLine() throws Exception {
        StreamReader r = new StreamReader(3);
        r.feedData(b("li"));
        r.feedData(b("ne1\nline2\n"));
        Exception e = failureInTask(r::readline);
        assertInstanceOf(IllegalArgumentException.class, e);
        assertEquals("Separator is found, but chunk is longer than limit", e.getMessage());
        assertEquals("line2\n", rest(r));
    }

    @Test
    void readlineOverTheLimitWithoutNewlineClearsTheBuffer() throws Exception {
        StreamReader r = new StreamReader(3);
        r.feedData(b("li"));
        r.feedData(b("ne1"));
        r.feedData(b("li"));
        Exception e = failureInTask(r::readline);
        assertInstanceOf(IllegalArgumentException.class, e);
        assertEquals("Separator is not found, and chunk exceed the limit", e.getMessage());
        assertInstanceOf(LimitOverrunError.class, e.getCause());
        assertEquals("", rest(r));
    }

    @Test
    void atEofOnlyOnceEofWasFedAndEverythingRead() throws Exception {
        StreamReader r = new StreamReader();
        assertFalse(r.atEof());
        r.feedData(b("some data\n"));
        assertFalse(r.atEof());
        line(r);
        assertFalse(r.atEof());
        r.feedData(b("some data\n"));
        r.feedEof();
        line(r);
        assertTrue(r.atEof());
    }

    @Test
    void readlineFedPastTheLimitWhileWaitingClearsWhatItSaw() throws Exception {
        StreamReader r = new StreamReader(7);
        Task<byte[]> t = loop.createTask(() -> Asyncio.await(r.readline()));
        loop.callSoon(() -> {
            r.feedData(b("chunk1"));
            r.feedData(b("chunk2"));
            r.feedData(b("chunk3\n"));
            r.feedEof();
        });
        Exception e = assertThrows(Exception.class, () -> await(t));
        assertInstanceOf(IllegalArgumentException.class, e);
        // as asyncio's: the read resumes with the whole line buffered, so the line (and its newline) goes
        assertEquals("Separator is found, but chunk is longer than limit", e.getMessage());
        assertEquals("", rest(r));
    }

    @Test
    void readlineFedALongLineThenAShortOneDropsOnlyTheLongOne() throws Exception {
        StreamReader r = new StreamReader(7);
        Task<byte[]> t = loop.createTask(() -> Asyncio.await(r.readline()));
        loop.callSoon(() -> {
            r.feedData(b("chunk1"));
            r.feedData(b("chunk2\n"));
            r.feedData(b("chunk3\n"));
            r.feedEof();
        });
        assertInstanceOf(IllegalArgumentException.class, assertThrows(Exception.class, () -> await(t)));
        assertEquals("chunk3\n", rest(r));
    }

    @Test
    void theLimitIsStrictAndExcludesTheNewline() throws Exception {
        StreamReader r = new StreamReader(7);
        r.feedData(b("1234567\n"));
        assertEquals("1234567\n", line(r));
        r.feedData(b("12345678\n"));
        assertInstanceOf(IllegalArgumentException.class, failureInTask(r::readline));
        assertEquals("<StreamReader limit=7>", r.toString());
        r.feedData(b("12345678"));
        assertInstanceOf(IllegalArgumentException.class, failureInTask(r::readline));
        assertEquals("<StreamReader limit=7>", r.toString());
    }

    @Test
    void readlineWithEverythingBufferedCompletesAtOnce() {
        StreamReader r = new StreamReader();
        r.feedData(b(DATA.substring(0, 6)));
        r.feedData(b(DATA.substring(6)));
        Asyncio.setEventLoop(loop);
        try {
            Future<byte[]> f = r.readline();
            assertTrue(f.done(), "a buffered line needs no loop iteration");
            assertEquals("line1\n", s(assertDoesNotThrow(f)));
            assertEquals("<StreamReader 12 bytes>", r.toString());
        } finally {
            Asyncio.setEventLoop(null);
        }
    }

    private static byte[] assertDoesNotThrow(Future<byte[]> f) {
        try {
            return f.result();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void readlineAtEofReturnsThePartialLine() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b("some data"));
        r.feedEof();
        assertEquals("some data", line(r));
    }

    @Test
    void readlineAtEofWithNothingLeftReturnsEmpty() throws Exception {
        StreamReader r = new StreamReader();
        r.feedEof();
        assertEquals("", line(r));
        assertEquals("", line(r));
    }

    @Test
    void readAfterReadlineCountsBytesFromTheNextLine() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b(DATA));
        line(r);
        assertEquals("line2\nl", read(r, 7));
        assertEquals("ine3\n", rest(r));
    }

    @Test
    void readlineFailsWithTheReadersException() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b("line\n"));
        assertEquals("line\n", line(r));
        IllegalStateException boom = new IllegalStateException();
        r.setException(boom);
        assertSame(boom, failureInTask(r::readline));
    }

    @Test
    void anEmptySeparatorIsRefused() {
        StreamReader r = new StreamReader();
        Exception e = failureInTask(() -> r.readuntil(new byte[0]));
        assertInstanceOf(IllegalArgumentException.class, e);
        assertEquals("Separator should be at least one-byte string", e.getMessage());
        Exception none = failureInTask(() -> r.readuntil(List.of()));
        assertEquals("Separator should contain at least one element", none.getMessage());
        Exception oneEmpty = failureInTask(() -> r.readuntil(List.of(b("x"), new byte[0])));
        assertEquals("Separator should be at least one-byte string", oneEmpty.getMessage());
    }

    @Test
    void aNullSeparatorIsAnIllegalArgumentAtTheAwait() {
        // asyncio: len(None) raises TypeError inside readuntil, i.e. at the await; TypeError maps to
        // IllegalArgumentException
        StreamReader r = new StreamReader();
        r.feedData(b("data\n"));
        assertInstanceOf(IllegalArgumentException.class, failureInTask(() -> r.readuntil((byte[]) null)));
        assertInstanceOf(IllegalArgumentException.class,
                failureInTask(() -> r.readuntil(java.util.Arrays.asList(b("\n"), null))));
        assertInstanceOf(IllegalArgumentException.class, failureInTask(() -> r.readuntil((List<byte[]>) null)));
    }

    @Test
    void readuntilFindsAMultiByteSeparator() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b("lineAAA"));
        assertEquals("lineAAA", until(r, "AAA"));
        r.feedData(b("lineAAAxxx"));
        assertEquals("lineAAA", until(r, "AAA"));
        assertEquals("xxx", rest(r));
    }

    @Test
    void readuntilFindsASeparatorSplitAcrossChunks() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b("QWEaa"));
        r.feedData(b("XYaa"));
        r.feedData(b("a"));
        assertEquals("QWEaaXYaaa", until(r, "aaa"));
        r.feedData(b("QWEaa"));
        r.feedData(b("XYa"));
        r.feedData(b("aa"));
        assertEquals("QWEaaXYaaa", until(r, "aaa"));
        r.feedData(b("aaa"));
        assertEquals("aaa", until(r, "aaa"));
        r.feedData(b("Xaaa"));
        assertEquals("Xaaa", until(r, "aaa"));
        r.feedData(b("XXX"));
        r.feedData(b("a"));
        r.feedData(b("a"));
        r.feedData(b("a"));
        assertEquals("XXXaaa", until(r, "aaa"));
        assertEquals("", rest(r));
    }

    @Test
    void readuntilWaitingFindsASeparatorArrivingByteByByte() throws Exception {
        StreamReader r = new StreamReader();
        Task<byte[]> t = loop.createTask(() -> Asyncio.await(r.readuntil(b("\r\n\r\n"))));
        assertEquals("head\r\n\r\n", readWhileFeeding(t, () -> {
            for (char c : "head\r\n\r\nbody".toCharArray()) {
                r.feedData(new byte[] {(byte) c});
            }
        }));
        assertEquals("body", rest(r));
    }

    @Test
    void readuntilWithNoSeparatorReadsUpToTheNextNewlineAndFailsAtEofUnlikeReadline() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b("one\ntwo"));
        r.feedEof();
        assertEquals("one\n", s(run(() -> Asyncio.await(r.readuntil()))));
        IncompleteReadError e = assertInstanceOf(IncompleteReadError.class, failureInTask(r::readuntil));
        assertEquals("two", s(e.partial()));
    }

    @Test
    void readuntilAtEofFailsWithEverythingBufferedAsPartial() {
        StreamReader r = new StreamReader();
        r.feedData(b("some dataAA"));
        r.feedEof();
        IncompleteReadError e = assertInstanceOf(IncompleteReadError.class, failureInTask(() -> r.readuntil(b("AAA"))));
        assertEquals("some dataAA", s(e.partial()));
        assertEquals(-1, e.expected());
        assertEquals("11 bytes read on a total of undefined expected bytes", e.getMessage());
        assertTrue(r.atEof());
    }

    @Test
    void readuntilOverTheLimitKeepsTheData() throws Exception {
        StreamReader r = new StreamReader(3);
        r.feedData(b("some dataAA"));
        LimitOverrunError e = assertInstanceOf(LimitOverrunError.class, failureInTask(() -> r.readuntil(b("AAA"))));
        assertEquals("Separator is not found, and chunk exceed the limit", e.getMessage());
        assertEquals(9, e.consumed());
        assertEquals("<StreamReader 11 bytes limit=3>", r.toString());
        r.feedData(b("A"));
        LimitOverrunError found = assertInstanceOf(LimitOverrunError.class,
                failureInTask(() -> r.readuntil(b("AAA"))));
        assertEquals("Separator is found, but chunk is longer than limit", found.getMessage());
        assertEquals(9, found.consumed());
        assertEquals("some dataAAA", rest(r));
    }

    @Test
    void readuntilWithSeveralSeparatorsReturnsTheShortestChunk() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b("line 1\nline 2\r"));
        List<byte[]> seps = List.of(b("\r"), b("\n"));
        assertEquals("line 1\n", s(run(() -> Asyncio.await(r.readuntil(seps)))));
        assertEquals("line 2\r", s(run(() -> Asyncio.await(r.readuntil(seps)))));
        r.feedData(b("a\r\nb"));
        assertEquals("a\r", s(run(() -> Asyncio.await(r.readuntil(List.of(b("\r\n"), b("\r")))))));
        assertEquals("\nb", rest(r));
    }

    @Test
    void readuntilWithSeveralSeparatorsMatchesOneEndingFirstEvenIfLonger() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b("xxABCyyZ"));
        assertEquals("xxABC", s(run(() -> Asyncio.await(r.readuntil(List.of(b("Z"), b("ABC")))))));
        assertEquals("yyZ", rest(r));
    }

    @Test
    void readuntilWithSeveralSeparatorsWaitsForTheLongestToFit() throws Exception {
        StreamReader r = new StreamReader();
        Task<byte[]> t = loop.createTask(() -> Asyncio.await(r.readuntil(List.of(b("--end--"), b("!")))));
        assertEquals("data--end--", readWhileFeeding(t, () -> {
            r.feedData(b("data--e"));
            r.feedData(b("nd--more!"));
        }));
        assertEquals("more!", rest(r));
    }

    @Test
    void readuntilWithSeveralSeparatorsOverTheLimitReportsTheMatch() {
        StreamReader r = new StreamReader(3);
        r.feedData(b("abcdef\n"));
        LimitOverrunError e = assertInstanceOf(LimitOverrunError.class,
                failureInTask(() -> r.readuntil(List.of(b("\n"), b("ef\n")))));
        assertEquals("Separator is found, but chunk is longer than limit", e.getMessage());
        assertEquals(6, e.consumed(), "both end at the same byte: the shortest separator is the one that matched");
    }

    @Test
    void readexactlyZeroOrNegative() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b(DATA));
        assertEquals("", s(run(() -> Asyncio.await(r.readexactly(0)))));
        Exception e = failureInTask(() -> r.readexactly(-1));
        assertInstanceOf(IllegalArgumentException.class, e);
        assertEquals("readexactly size can not be less than zero", e.getMessage());
        assertEquals(DATA, rest(r));
    }

    @Test
    void readexactlyWaitsForEveryByte() throws Exception {
        StreamReader r = new StreamReader();
        int n = 2 * DATA.length();
        Task<byte[]> t = loop.createTask(() -> Asyncio.await(r.readexactly(n)));
        assertEquals(DATA + DATA, readWhileFeeding(t, () -> {
            r.feedData(b(DATA));
            r.feedData(b(DATA));
            r.feedData(b(DATA));
        }));
        assertEquals(DATA, rest(r));
    }

    @Test
    void readexactlyIgnoresTheLimit() throws Exception {
        StreamReader r = new StreamReader(3);
        r.feedData(b("chunk"));
        assertEquals("chunk", s(run(() -> Asyncio.await(r.readexactly(5)))));
        assertEquals("", rest(r));
    }

    @Test
    void readexactlyAtEofFailsWithThePartialBytes() throws Exception {
        StreamReader r = new StreamReader();
        int n = 2 * DATA.length();
        Task<byte[]> t = loop.createTask(() -> Asyncio.await(r.readexactly(n)));
        loop.callSoon(() -> {
            r.feedData(b(DATA));
            r.feedEof();
        });
        IncompleteReadError e = assertInstanceOf(IncompleteReadError.class,
                assertThrows(Exception.class, () -> await(t)));
        assertEquals(DATA, s(e.partial()));
        assertEquals(n, e.expected());
        assertEquals("18 bytes read on a total of 36 expected bytes", e.getMessage());
        assertTrue(r.atEof());
    }

    @Test
    void readexactlyFailsWithTheReadersException() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b("line\n"));
        assertEquals("li", s(run(() -> Asyncio.await(r.readexactly(2)))));
        IllegalStateException boom = new IllegalStateException();
        r.setException(boom);
        assertSame(boom, failureInTask(() -> r.readexactly(2)));
    }

    @Test
    void exceptionIsWhatWasSet() {
        StreamReader r = new StreamReader();
        assertNull(r.exception());
        IllegalStateException exc = new IllegalStateException();
        r.setException(exc);
        assertSame(exc, r.exception());
        assertEquals("<StreamReader exception=java.lang.IllegalStateException>", r.toString());
    }

    @Test
    void setExceptionFailsTheWaitingRead() throws Exception {
        StreamReader r = new StreamReader();
        Task<byte[]> t = loop.createTask(() -> Asyncio.await(r.readline()));
        IllegalStateException boom = new IllegalStateException("boom");
        loop.callSoon(() -> r.setException(boom));
        assertSame(boom, assertThrows(Exception.class, () -> await(t)));
    }

    @Test
    void setExceptionAfterACancelledReadIsHarmless() throws Exception {
        StreamReader r = new StreamReader();
        Task<byte[]> t = loop.createTask(() -> Asyncio.await(r.readline()));
        spin(2);
        t.cancel();
        spin(2);
        assertTrue(t.cancelled());
        r.setException(new IllegalStateException("message"));
        spin(1);
        assertFalse(r.toString().contains("waiter"), r.toString());
        assertNothingReported();
    }

    @Test
    void aSecondWaitingReadIsRefusedWithAsyncioMessage() throws Exception {
        StreamReader r = new StreamReader();
        Task<byte[]> first = loop.createTask(() -> Asyncio.await(r.readline()));
        spin(1);
        Exception e = failureInTask(() -> r.read(10));
        assertInstanceOf(IllegalStateException.class, e);
        assertEquals("read() called while another coroutine is already waiting for incoming data", e.getMessage());
        Exception e2 = failureInTask(r::readline);
        assertEquals("readuntil() called while another coroutine is already waiting for incoming data",
                e2.getMessage());
        Exception e3 = failureInTask(() -> r.readexactly(3));
        assertEquals("readexactly() called while another coroutine is already waiting for incoming data",
                e3.getMessage());
        r.feedData(b("ok\n"));
        assertEquals("ok\n", s(await(first)));
    }

    @Test
    void aReadThatCanFinishAtOnceIsNotRefusedWhileAnotherWaits() throws Exception {
        StreamReader r = new StreamReader();
        Task<byte[]> first = loop.createTask(() -> Asyncio.await(r.readexactly(10)));
        spin(1);
        r.feedData(b("abc"));
        assertEquals("ab", read(r, 2));
        r.feedData(b("0123456789"));
        assertEquals("c012345678", s(await(first)));
    }

    @Test
    void feedDataAfterFeedEofIsRefused() {
        StreamReader r = new StreamReader();
        r.feedEof();
        assertThrows(IllegalStateException.class, () -> r.feedData(b("x")));
    }

    @Test
    void reprShowsLimitEofDataAndWaiter() throws Exception {
        assertEquals("<StreamReader>", new StreamReader().toString());
        assertEquals("<StreamReader limit=123>", new StreamReader(123).toString());
        StreamReader eof = new StreamReader();
        eof.feedEof();
        assertEquals("<StreamReader eof>", eof.toString());
        StreamReader data = new StreamReader();
        data.feedData(b("data"));
        assertEquals("<StreamReader 4 bytes>", data.toString());
        StreamReader waiting = new StreamReader();
        Task<byte[]> t = loop.createTask(() -> Asyncio.await(waiting.read(1)));
        spin(1);
        assertTrue(waiting.toString().startsWith("<StreamReader waiter=<Future pending"), waiting.toString());
        waiting.feedEof();
        await(t);
        assertEquals("<StreamReader eof>", waiting.toString());
    }

    @Test
    void incompleteReadErrorAndLimitOverrunErrorCarryTheirFields() {
        IncompleteReadError e = new IncompleteReadError(b("abc"), 10);
        assertInstanceOf(java.io.EOFException.class, e);
        assertEquals("3 bytes read on a total of 10 expected bytes", e.getMessage());
        assertArrayEquals(b("abc"), e.partial());
        assertEquals(10, e.expected());
        LimitOverrunError l = new LimitOverrunError("message", 10);
        assertEquals("message", l.getMessage());
        assertEquals(10, l.consumed());
    }

    @Test
    void aReaderMadeInsideATaskUsesThatLoop() throws Exception {
        StreamReader r = run(StreamReader::new);
        r.feedData(b("x"));
        Future<byte[]> f = run(() -> r.read(1));
        assertSame(loop, f.getLoop());
    }

    @Test
    void readingOutsideAnyLoopWithNoCurrentLoopFails() {
        StreamReader r = new StreamReader();
        r.feedData(b("x"));
        assertThrows(IllegalStateException.class, () -> r.read(1));
    }
}
