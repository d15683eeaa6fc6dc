#!/usr/bin/env bash
# Benchmarks and fault tests for the webhook delivery platform: one command.
#
#   bench/run.sh                      # everything: ceiling, p1..p5, r1, r2 (starts and stops the server)
#   bench/run.sh ceiling              # instrument ceiling only; no server needed
#   bench/run.sh p1 p2                # some scenarios
#   bench/run.sh --help               # options and scenario list
#
# Compiles bench/src with plain javac into bench/out/classes (no Maven, no dependencies), then runs bench.Main.
# Results: one table on stdout, bench/out/results.tsv, bench/out/latency.svg; progress on stderr.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"

# ---------------------------------------------------------------------------------------------------------------
# The server under test. Override any of these from the environment. START_CMD and STOP_CMD run under `bash -c`
# with ROOT, WEBHOOKS_API_KEY, WEBHOOKS_ALLOW_LOOPBACK_TARGETS and WEBHOOKS_RETRY_TIME_SCALE set by the harness,
# so keep them in single quotes here: they are expanded when the harness runs them, not now.
# START_CMD must return once the server is launching (liberty:start does); the harness then polls readiness.
# ---------------------------------------------------------------------------------------------------------------
BASE_URL="${BASE_URL:-http://127.0.0.1:9080}"
API_KEY="${API_KEY:-bench-key}"
# The benchmark server is its own Liberty server (webhooks-bench) with its own Derby database, created fresh by
# PREPARE_CMD, started with Liberty's own script (so start->ready is not Maven's start-up time).
WLP='"$ROOT/webhooks-ear/target/liberty/wlp"'
if [[ -z "${PREPARE_CMD:-}" ]]; then
  PREPARE_CMD='cd "$ROOT" && mvn -q -DskipTests -Dspotless.check.skip=true install'
  PREPARE_CMD+=' && mvn -q -pl webhooks-ear liberty:create liberty:deploy -Dliberty.server.name=webhooks-bench'
  PREPARE_CMD+=' && rm -rf "$ROOT/webhooks-ear/target/liberty/wlp/usr/servers/webhooks-bench/derby/webhooks"'
fi
# JFR records a profile of the whole run (bench/out/server.jfr) so that figures come with their evidence.
START_CMD="${START_CMD:-JVM_ARGS=\"-XX:FlightRecorderOptions=stackdepth=160 -XX:StartFlightRecording=filename=$BENCH_DIR/out/server.jfr,settings=profile,dumponexit=true\" $WLP/bin/server start webhooks-bench}"
STOP_CMD="${STOP_CMD:-$WLP/bin/server stop webhooks-bench}"
# pgrep -f (extended regex) matching the Liberty server JVM and nothing else; used for RSS, CPU time and kill -9.
if [[ -z "${PID_PATTERN:-}" ]]; then
  PID_PATTERN='ws-server\.jar webhooks-bench( --clean)?$'
fi
# Retry time scale the server runs with during R2 (1 = real seconds; the plan [1,2,4] s is scaled the same way).
R2_TIME_SCALE="${R2_TIME_SCALE:-1}"
# ---------------------------------------------------------------------------------------------------------------

OUT="${BENCH_OUT:-$BENCH_DIR/out}"
CLASSES="$OUT/classes"
# The receiver is the JDK's HttpServer, which by default closes any keep-alive connection beyond 200 idle ones
# the moment it becomes idle; a production receiver (nginx, a load balancer) keeps them. 1,000 is still a limit the
# engine meets under load (it resends a request that a closed pooled connection never carried).
JAVA_OPTS="${JAVA_OPTS:--Xms512m -Xmx2g -XX:+UseParallelGC -Dsun.net.httpserver.maxIdleConnections=1000}"

rm -rf "$CLASSES"
mkdir -p "$CLASSES"
# shellcheck disable=SC2046
javac -d "$CLASSES" --release 17 -Xlint:all -Werror $(find "$BENCH_DIR/src" -name '*.java')

# ROOT must be exported before PREPARE_CMD runs: it expands "$ROOT" in its own shell (an unexported ROOT left
# the old database in place, so every run measured a bigger one).
export ROOT
if [[ " $* " != *" ceiling "* || $# -gt 1 ]] && [[ " $* " != *" --no-server "* ]] && [[ " $* " != *" --external-server "* ]] && [[ " $* " != *" --help "* ]]; then
  echo "preparing the benchmark server (build, create webhooks-bench, empty database)..." >&2
  bash -c "$PREPARE_CMD" >&2
fi

export ROOT BASE_URL API_KEY START_CMD STOP_CMD PID_PATTERN R2_TIME_SCALE
export BENCH_OUT="$OUT"
# shellcheck disable=SC2086
exec java $JAVA_OPTS -cp "$CLASSES" bench.Main "$@"
