#!/usr/bin/env bash
# Every benchmark in one go (about 20 minutes), outputs under bench/target/results/:
# the machine, JMH (core.txt, core.json), asyncio/uvloop core figures (core_python.txt), the echo harness (load.txt),
# subprocesses (process.txt), bulk TLS/plain throughput (tls.txt) and HTTP (http.txt, http/http.png). Run bench/setup.sh once first.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
OUT=$ROOT/bench/target/results
mkdir -p "$OUT"
{
    date -u '+%Y-%m-%d %H:%M UTC'
    echo "nproc: $(nproc)"
    lscpu | head -20
    "$JAVA_HOME/bin/java" -version 2>&1
    /usr/bin/python3 -c 'import sys, uvloop; print("python", sys.version.split()[0], "uvloop", uvloop.__version__)'
    echo "node $(node --version)"
    gcc --version | head -1
    echo "load average: $(cat /proc/loadavg)"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"
"$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -jar "$ROOT/bench/target/jasyncio-bench.jar" -rf json -rff "$OUT/core.json" | tee "$OUT/core.txt" | grep -E '^[A-Z][A-Za-z]+\.|^Benchmark '
/usr/bin/python3 "$ROOT/bench/python/core_bench.py" | tee "$OUT/core_python.txt"
"$ROOT/bench/load/run.sh" --out "$OUT/load" | tee "$OUT/load.txt"
"$ROOT/bench/process/run.sh" | tee "$OUT/process.txt"
"$ROOT/bench/tls/run.sh" --out "$OUT/tls" | tee "$OUT/tls.txt"
"$ROOT/bench/http/run.sh" --out "$OUT/http" | tee "$OUT/http.txt"
/usr/bin/python3 "$ROOT/bench/core_table.py" "$OUT/core.json" "$OUT/core_python.txt" | tee "$OUT/core_table.md"
