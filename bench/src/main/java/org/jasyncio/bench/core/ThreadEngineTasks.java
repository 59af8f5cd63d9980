package org.jasyncio.bench.core;

import org.openjdk.jmh.annotations.Fork;

/** {@link TaskBenchmarks} with the portable engine: each task body runs on its own virtual thread. */
@Fork(value = 1, jvmArgsAppend = {"-Djasyncio.engine=thread"})
public class ThreadEngineTasks extends TaskBenchmarks {
}
