package org.jasyncio.bench.sync;

import org.openjdk.jmh.annotations.Fork;

/** {@link SyncBenchmarks} with the portable engine: a virtual thread per task. */
@Fork(value = 1, jvmArgsAppend = {"-Djasyncio.engine=thread"})
public class ThreadEngineSync extends SyncBenchmarks {
}
