#!/usr/bin/env bash
# Bulk throughput over loopback, TLS 1.3 and plain TCP, both ends on one event-loop thread: jasyncio (native and NIO
# socket paths; the receiver a Protocol, or a BufferedProtocol with no array per read) against Netty 4.2 NIO with the
# same JDK SSLEngine. Every variant runs in its own JVM, the variants
# alternating for --rounds rounds; the table gives each variant's median over the rounds of its median transfer.
#
# Usage: bench/tls/run.sh [--rounds R] [--mib M] [--reps N] [--out DIR]
# Needs the bench jar (mvn -pl bench -am package -DskipTests). Loads only 127.0.0.1.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
ROUNDS=3
MIB=256
REPS=5
OUT=$ROOT/bench/target/tls
while [ $# -gt 0 ]; do
    case $1 in
        --rounds) ROUNDS=$2; shift 2 ;;
        --mib) MIB=$2; shift 2 ;;
        --reps) REPS=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
mkdir -p "$OUT"
RESULTS=$OUT/results.txt
: > "$RESULTS"
JVM_OPTS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
          --add-exports java.base/jdk.internal.vm=ALL-UNNAMED --add-exports java.base/sun.nio.ch=ALL-UNNAMED)
MAIN=org.jasyncio.bench.tls.TlsThroughput
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $MIB MiB x $REPS per run, $ROUNDS round(s), load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
    for variant in "jasyncio" "jasyncio --buffered" "jasyncio -Djasyncio.socketio=nio" "netty"; do
        impl=${variant%% *}
        extra=()
        opt=()
        case $variant in
            *-D*) extra=("${variant#* }") ;;
            *--buffered) opt=(--buffered) ;;
        esac
        for mode in tls plain; do
            flag=()
            [ "$mode" = plain ] && flag=(--plain)
            "$JAVA" "${JVM_OPTS[@]}" "${extra[@]}" -cp "$ROOT/bench/target/jasyncio-bench.jar" "$MAIN" \
                --impl "$impl" "${flag[@]}" "${opt[@]}" --mib "$MIB" --reps "$REPS" | grep '^RESULT' | tee -a "$RESULTS"
        done
    done
done
/usr/bin/python3 - "$RESULTS" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    if line.startswith("RESULT "):
        f = dict(kv.split("=", 1) for kv in line.split()[1:6])
        runs.setdefault(f["label"], []).append(float(f["median_mbps"]))
print("\n| variant | rounds | MB/s (median of the rounds' medians) | vs netty |")
print("|---|---:|---:|---:|")
for label, values in runs.items():
    m = statistics.median(values)
    peer = runs.get("netty-" + label.split("-")[1])
    ratio = f"{m / statistics.median(peer):.2f}" if peer else "-"
    print(f"| {label} | {len(values)} | {m:,.0f} | {ratio} |")
PY
