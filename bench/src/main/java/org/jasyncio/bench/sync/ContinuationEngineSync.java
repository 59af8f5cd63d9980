package org.jasyncio.bench.sync;

import org.openjdk.jmh.annotations.Fork;

/** {@link SyncBenchmarks} with the fast engine: task bodies are continuations on the loop thread. */
@Fork(value = 1, jvmArgsAppend = {"-Djasyncio.engine=continuation", "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"})
public class ContinuationEngineSync extends SyncBenchmarks {
}
