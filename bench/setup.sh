#!/usr/bin/env bash
# Installs everything the benchmarks need on a fresh Debian machine (run as root), then builds them.
# Afterwards: see bench/README.md for the commands.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# python3-uvloop goes to Debian's /usr/bin/python3 (the scripts always call that interpreter, not one on PATH).
apt-get install -y -q gcc make python3 python3-uvloop nodejs wrk maven
/usr/bin/python3 -c 'import uvloop; print("uvloop", uvloop.__version__)'
node --version

# The C peer and the load generator.
mkdir -p "$ROOT/bench/target/native"
gcc -O2 -Wall -o "$ROOT/bench/target/native/epoll_echo" "$ROOT/bench/c/epoll_echo.c"
gcc -O2 -Wall -o "$ROOT/bench/target/native/loadgen" "$ROOT/bench/c/loadgen.c"

# The JMH jar (with the Netty peer) and the jasyncio examples jar (its echo server), with JDK 25.
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$JAVA_HOME/bin/java" ] || { echo "JDK 25 expected at $JAVA_HOME (set JAVA_HOME)" >&2; exit 1; }
export MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}
(cd "$ROOT" && mvn -B -q -pl bench,examples -am package -DskipTests)
ls -l "$ROOT/bench/target/jasyncio-bench.jar" "$ROOT/examples/target/jasyncio-examples.jar"
