#!/usr/bin/env bash
# Subprocess benchmarks in one run: jasyncio (ProcessBench), CPython asyncio and uvloop, same work and format.
# Usage: bench/process/run.sh [--bytes N] [--spawns N] [--reps N]   (defaults: 1 GiB through cat, 1000 spawns, 3 reps)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "loop     benchmark                        median       best unit"
# Each side gets at most 10 minutes, so a hang shows as a line instead of stopping the run.
timeout 600 "$JAVA" --enable-native-access=ALL-UNNAMED --add-exports java.base/jdk.internal.vm=ALL-UNNAMED \
    --add-exports java.base/sun.nio.ch=ALL-UNNAMED \
    -cp "$ROOT/bench/target/jasyncio-bench.jar" org.jasyncio.bench.process.ProcessBench "$@" || echo "jasyncio FAILED or timed out (exit $?)"
timeout 600 /usr/bin/python3 "$ROOT/bench/python/process_bench.py" "$@" | grep -v '^#' || echo "python FAILED or timed out"
