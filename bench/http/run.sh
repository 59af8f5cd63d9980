#!/usr/bin/env bash
# The HTTP bench: jasyncio's http-hello example against Netty's HTTP hello world (one event-loop thread, NIO and
# native epoll), a uvloop Protocol-level HTTP server and Node's http, all under wrk in the same run.
#
# Usage: bench/http/run.sh [--seconds S] [--warmup W] [--rounds R] [--connections C] [--pipeline DEPTH]
#                          [--servers "jasyncio netty-nio netty-epoll uvloop node"] [--out DIR]
#                          (also: jasyncio-nobusypoll, http-hello with -Djasyncio.busyPoll=0; jasyncio-nio)
# Every round runs every server once, in turn (alternating, so a slow minute of this shared machine hits all of
# them); the summary gives each server's median over the rounds: requests/s, CPU time per request (user + system
# of the server process, from /proc) and wrk's latency percentiles, then draws DIR/http.png from those figures.
# Needs wrk, node, /usr/bin/python3 with uvloop, the bench jar and examples/target/jasyncio-examples.jar.
# wrk runs with one thread and keep-alive connections; everything listens on 127.0.0.1 only. Without pipelining,
# wrk's own core is the limit near 80-110k requests/s for every server here (it spends about 12 us per request);
# --pipeline DEPTH sends DEPTH requests per write on each connection (bench/http/pipeline.lua), which takes wrk's
# cost per request down far enough that the servers' own work decides the figure.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
PY=/usr/bin/python3
SECONDS_PER_RUN=5
WARMUP=3
ROUNDS=3
CONNECTIONS=50
PIPELINE=1
SERVERS="jasyncio netty-nio netty-epoll uvloop node"
OUT=$ROOT/bench/target/http
while [ $# -gt 0 ]; do
    case $1 in
        --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --pipeline) PIPELINE=$2; shift 2 ;;
        --servers) SERVERS=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
command -v wrk > /dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
mkdir -p "$OUT"
RESULTS=$OUT/results.txt
: > "$RESULTS"
BENCH_JAR=$ROOT/bench/target/jasyncio-bench.jar
EXAMPLES_JAR=${EXAMPLES_JAR:-$ROOT/examples/target/jasyncio-examples.jar}
JVM_OPTS=(${JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
          --add-exports java.base/jdk.internal.vm=ALL-UNNAMED --add-exports java.base/sun.nio.ch=ALL-UNNAMED)
TICKS=$(getconf CLK_TCK)
WRK_SCRIPT=()
SHAPE="wrk -t1 -c$CONNECTIONS"
if [ "$PIPELINE" -gt 1 ]; then
    WRK_SCRIPT=(-s "$ROOT/bench/http/pipeline.lua")
    SHAPE="$SHAPE, pipelined $PIPELINE deep"
fi

free_port() {
    $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start_server() {
    local name=$1 port=$2 log=$OUT/$1.log
    case $name in
        jasyncio)
            exec "$JAVA" "${JVM_OPTS[@]}" -jar "$EXAMPLES_JAR" http-hello --host 127.0.0.1 --port "$port" > "$log" 2>&1 & ;;
        jasyncio-nobusypoll)
            exec "$JAVA" "${JVM_OPTS[@]}" -Djasyncio.busyPoll=0 -jar "$EXAMPLES_JAR" http-hello --host 127.0.0.1 \
                --port "$port" > "$log" 2>&1 & ;;
        jasyncio-nio)
            exec "$JAVA" "${JVM_OPTS[@]}" -Djasyncio.socketio=nio -jar "$EXAMPLES_JAR" http-hello --host 127.0.0.1 \
                --port "$port" > "$log" 2>&1 & ;;
        netty-nio | netty-epoll)
            exec "$JAVA" "${JVM_OPTS[@]}" -cp "$BENCH_JAR" org.jasyncio.bench.load.NettyHttpHelloServer \
                --port "$port" --transport "${name#netty-}" > "$log" 2>&1 & ;;
        asyncio | uvloop)
            exec $PY "$ROOT/bench/python/http_server.py" --port "$port" --loop "$name" > "$log" 2>&1 & ;;
        node)
            exec node "$ROOT/bench/node/http_server.js" --port "$port" > "$log" 2>&1 & ;;
        *) echo "unknown server $name" >&2; return 1 ;;
    esac
    SERVER_PID=$!
}

wait_listening() {
    local port=$1 pid=$2
    for _ in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || return 1
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# user + system CPU ticks of a process (all its threads)
cpu_ticks() {
    awk '{print $14 + $15}' "/proc/$1/stat"
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $SHAPE, ${SECONDS_PER_RUN}s per run after ${WARMUP}s warm-up, $ROUNDS round(s), load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
for server in $SERVERS; do
    port=$(free_port)
    if ! start_server "$server" "$port"; then
        echo "SKIP label=$server (could not start)" | tee -a "$RESULTS"
        continue
    fi
    pid=$SERVER_PID
    if ! wait_listening "$port" "$pid"; then
        echo "SKIP label=$server (not listening; see $OUT/$server.log)" | tee -a "$RESULTS"
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        continue
    fi
    url=http://127.0.0.1:$port/
    wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "${WRK_SCRIPT[@]}" "$url" -- "$PIPELINE" > /dev/null
    before=$(cpu_ticks "$pid")
    wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "${WRK_SCRIPT[@]}" "$url" -- "$PIPELINE" \
        > "$OUT/wrk-$server-$round.txt"
    after=$(cpu_ticks "$pid")
    $PY - "$OUT/wrk-$server-$round.txt" "$server" "$round" "$((after - before))" "$TICKS" "$PIPELINE" <<'PYEOF' | tee -a "$RESULTS"
import re, sys
text = open(sys.argv[1]).read()
label, rnd, ticks, hz, depth = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
def latency(p):
    if depth > 1:
        return "nan"  # wrk times a pipelined batch, not its requests: its percentiles are not latencies then
    m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % p, text, re.M)
    if not m:
        return "nan"
    return "%.3f" % (float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)])
reqs = int(re.search(r"(\d+) requests in", text).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
errors = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors += int(non2xx.group(1)) if non2xx else 0
cpu_us = ticks / hz * 1e6 / reqs if reqs else float("nan")
print(f"RESULT label={label} round={rnd} rps={rps:.0f} requests={reqs} cpu_us_per_req={cpu_us:.2f} "
      f"p50_ms={latency(50)} p99_ms={latency(99)} errors={errors}")
PYEOF
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
done
done
$PY "$ROOT/bench/http/summarize.py" "$RESULTS" "$OUT/summary.tsv"
"$JAVA" -Djava.awt.headless=true "$ROOT/bench/chart/BarChart.java" "$OUT/summary.tsv" "$OUT/http.png" \
    "HTTP/1.1 hello world, $SHAPE, median of $ROUNDS rounds ($(nproc) shared cores)"
echo "chart: $OUT/http.png"
