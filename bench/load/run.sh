#!/usr/bin/env bash
# The echo load harness: every server in turn, each scenario for the same time, one results table at the end.
#
# Usage: bench/load/run.sh [--seconds S] [--warmup W] [--rounds R]
#                          [--servers "jasyncio jasyncio-nio jasyncio-buffered netty-nio netty-epoll uvloop asyncio node c"]
#                          (streams servers, not in the default list: jasyncio-streams uvloop-streams asyncio-streams;
#                          jasyncio-nobusypoll: the Protocol echo with -Djasyncio.busyPoll=0)
#                          [--scenarios "1x1024 50x1024 10x102400"] [--out DIR]
#                          (jasyncio-at-TAG: the Protocol echo from bench/target/jars/TAG.jar, an examples jar built
#                          from another commit, to compare two versions of jasyncio in one run)
# With --rounds R every server runs R times, the servers alternating within each round, and the table gives each
# figure's median over the rounds: this VM swings by up to 2x between runs at 100 KiB, so one run settles nothing.
# Needs what bench/setup.sh installs, the bench jar (mvn -pl bench -am package -DskipTests) and, for jasyncio,
# examples/target/jasyncio-examples.jar. Loads only 127.0.0.1. Prints one RESULT line per run and a table per
# scenario; the raw lines go to DIR/results.txt (default bench/target/load).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
PY=/usr/bin/python3
SECONDS_PER_RUN=10
WARMUP=5
ROUNDS=1
SERVERS="jasyncio jasyncio-nio jasyncio-buffered netty-nio netty-epoll uvloop asyncio node c"
SCENARIOS="1x1024 50x1024 10x102400"
OUT=$ROOT/bench/target/load
while [ $# -gt 0 ]; do
    case $1 in
        --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        --servers) SERVERS=$2; shift 2 ;;
        --scenarios) SCENARIOS=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
mkdir -p "$OUT"
RESULTS=$OUT/results.txt
: > "$RESULTS"

# The C programs are built on first use (and again when their source changes).
NATIVE=$ROOT/bench/target/native
mkdir -p "$NATIVE"
for prog in loadgen epoll_echo; do
    if [ ! -x "$NATIVE/$prog" ] || [ "$ROOT/bench/c/$prog.c" -nt "$NATIVE/$prog" ]; then
        gcc -O2 -Wall -o "$NATIVE/$prog" "$ROOT/bench/c/$prog.c"
    fi
done
BENCH_JAR=$ROOT/bench/target/jasyncio-bench.jar
EXAMPLES_JAR=${EXAMPLES_JAR:-$ROOT/examples/target/jasyncio-examples.jar}
JVM_OPTS=(${JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
          --add-exports java.base/jdk.internal.vm=ALL-UNNAMED --add-exports java.base/sun.nio.ch=ALL-UNNAMED)

free_port() {
    $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Starts server $1 on port $2 in the background, as the process whose pid ends up in $! (exec: no wrapper shell).
start_server() {
    local name=$1 port=$2 log=$OUT/$1.log
    case $name in
        jasyncio)
            exec "$JAVA" "${JVM_OPTS[@]}" -jar "$EXAMPLES_JAR" echo-server --host 127.0.0.1 --port "$port" > "$log" 2>&1 & ;;
        jasyncio-nobusypoll)
            exec "$JAVA" "${JVM_OPTS[@]}" -Djasyncio.busyPoll=0 -jar "$EXAMPLES_JAR" echo-server --host 127.0.0.1 \
                --port "$port" > "$log" 2>&1 & ;;
        jasyncio-nio)
            exec "$JAVA" "${JVM_OPTS[@]}" -Djasyncio.socketio=nio -jar "$EXAMPLES_JAR" echo-server --host 127.0.0.1 \
                --port "$port" > "$log" 2>&1 & ;;
        jasyncio-buffered)
            exec "$JAVA" "${JVM_OPTS[@]}" -jar "$EXAMPLES_JAR" echo-server --host 127.0.0.1 --port "$port" --buffered \
                > "$log" 2>&1 & ;;
        jasyncio-at-*)
            exec "$JAVA" "${JVM_OPTS[@]}" -jar "$ROOT/bench/target/jars/${name#jasyncio-at-}.jar" echo-server \
                --host 127.0.0.1 --port "$port" > "$log" 2>&1 & ;;
        jasyncio-streams)
            exec "$JAVA" "${JVM_OPTS[@]}" -jar "$EXAMPLES_JAR" echo-server --host 127.0.0.1 --port "$port" --streams \
                > "$log" 2>&1 & ;;
        netty-nio | netty-epoll)
            exec "$JAVA" "${JVM_OPTS[@]}" -cp "$BENCH_JAR" org.jasyncio.bench.load.NettyEchoServer \
                --port "$port" --transport "${name#netty-}" > "$log" 2>&1 & ;;
        asyncio | uvloop)
            exec $PY "$ROOT/bench/python/echo_server.py" --port "$port" --loop "$name" > "$log" 2>&1 & ;;
        asyncio-streams | uvloop-streams)
            exec $PY "$ROOT/bench/python/streams_echo_server.py" --port "$port" --loop "${name%-streams}" > "$log" 2>&1 & ;;
        node)
            exec node "$ROOT/bench/node/echo_server.js" --port "$port" > "$log" 2>&1 & ;;
        c)
            exec "$NATIVE/epoll_echo" "$port" > "$log" 2>&1 & ;;
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

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, ${SECONDS_PER_RUN}s per run after ${WARMUP}s warm-up, $ROUNDS round(s), load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
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
    echo "# $server: load average before $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS"
    for scenario in $SCENARIOS; do
        conns=${scenario%x*}
        size=${scenario#*x}
        if ! "$NATIVE/loadgen" "$port" "$conns" "$size" "$SECONDS_PER_RUN" "$WARMUP" "$pid" "$server" | tee -a "$RESULTS"; then
            echo "FAIL label=$server conns=$conns size=$size" | tee -a "$RESULTS"
        fi
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
done
done
$PY "$ROOT/bench/load/summarize.py" "$RESULTS"
