#!/usr/bin/env bash
# Benchmarks and fault tests for the webhook delivery platform: one command.
#
#   bench/run.sh                      # everything: ceiling, p1..p7, r1, r2 (starts and stops the server)
#   bench/run.sh ceiling              # instrument ceiling only; no server needed
#   bench/run.sh p1 p2                # some scenarios
#   bench/run.sh --help               # options and scenario list
#
# Builds the harness with Maven (module bench: bench/src, with its dependencies JSON-P/Parsson and HdrHistogram),
# copies its classes to bench/out/classes and its runtime dependencies to bench/out/lib, then runs bench.Main on them.
# Results: one table on stdout, bench/out/results.tsv, bench/out/latency.svg; progress on stderr.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
# Where results, logs and flight recordings go.
OUT="${BENCH_OUT:-$BENCH_DIR/out}"
mkdir -p "$OUT"

# ---------------------------------------------------------------------------------------------------------------
# The server under test. Override any of these from the environment. START_CMD and STOP_CMD run under `bash -c`
# with ROOT, WEBHOOKS_API_KEY, WEBHOOKS_ALLOW_LOOPBACK_TARGETS and WEBHOOKS_RETRY_TIME_SCALE set by the harness,
# so keep them in single quotes here: they are expanded when the harness runs them, not now.
# START_CMD must return once the server is launching (liberty:start does); the harness then polls readiness.
# ---------------------------------------------------------------------------------------------------------------
# Which database, and how many servers on it:
#   BENCH_DB=derby (the default): one server on its own embedded Derby database.
#   BENCH_DB=postgresql: a PostgreSQL 14 started here from the embedded-postgres artifact (a fresh data directory on
#     port BENCH_PG_PORT, synchronous_commit on as in production; the test suite's runs it off), and MEMBERS
#     servers on it (default 1; 2 or more make a cluster). Member m listens on 9080+m (HTTPS 9443+m, JMS 7276+m).
BENCH_DB="${BENCH_DB:-derby}"
MEMBERS="${MEMBERS:-1}"
BENCH_PG_PORT="${BENCH_PG_PORT:-5632}"
case "$BENCH_DB" in
  derby) [[ "$MEMBERS" == 1 ]] || { echo "MEMBERS=$MEMBERS needs BENCH_DB=postgresql (Derby is one server)" >&2; exit 2; } ;;
  postgresql) ;;
  *) echo "BENCH_DB must be derby or postgresql, not $BENCH_DB" >&2; exit 2 ;;
esac
if [[ -z "${BASE_URL:-}" ]]; then
  BASE_URL=""
  for ((m = 0; m < MEMBERS; m++)); do BASE_URL+="${BASE_URL:+,}http://127.0.0.1:$((9080 + m))"; done
fi
API_KEY="${API_KEY:-bench-key}"
# Each member is its own Liberty server (webhooks-bench-<m> on Derby, webhooks-bench-pg-<m> on PostgreSQL: Liberty
# keeps the include chosen by WEBHOOKS_DB from the server's previous start unless started --clean, so one server
# directory never switches databases), created by PREPARE_CMD (with a fresh Derby database) and started with
# Liberty's own script (so start->ready is not Maven's start-up time). START_CMD, STOP_CMD and PID_PATTERN run once
# per member with MEMBER=<m> and MEMBER_HTTP_PORT in the environment ({member} in PID_PATTERN).
if [[ "$BENCH_DB" == postgresql ]]; then SERVER_PREFIX=webhooks-bench-pg; else SERVER_PREFIX=webhooks-bench; fi
WLP='"$ROOT/webhooks-ear/target/liberty/wlp"'
if [[ -z "${PREPARE_CMD:-}" ]]; then
  PREPARE_CMD='cd "$ROOT" && mvn -q -DskipTests -Dspotless.check.skip=true install'
  for ((m = 0; m < MEMBERS; m++)); do
    PREPARE_CMD+=" && mvn -q -pl webhooks-ear liberty:create liberty:deploy -Dliberty.server.name=$SERVER_PREFIX-$m"
    PREPARE_CMD+=" && rm -rf \"\$ROOT/webhooks-ear/target/liberty/wlp/usr/servers/$SERVER_PREFIX-$m/derby/webhooks\""
  done
fi
# Member m's ports and, on PostgreSQL, its database settings (the same encryption key for every member, made for
# this run only).
MEMBER_ENV='HTTP_PORT=$((9080 + MEMBER)) HTTPS_PORT=$((9443 + MEMBER)) JMS_PORT=$((7276 + MEMBER)) JMS_SSL_PORT=$((7286 + MEMBER))'
if [[ "$BENCH_DB" == postgresql ]]; then
  BENCH_SECRET_KEY="$(head -c 32 /dev/urandom | base64)"
  export BENCH_SECRET_KEY BENCH_PG_PORT
  MEMBER_ENV+=' WEBHOOKS_DB=postgresql WEBHOOKS_DB_URL=jdbc:postgresql://127.0.0.1:$BENCH_PG_PORT/webhooks'
  MEMBER_ENV+=' WEBHOOKS_DB_USER=postgres WEBHOOKS_DB_PASSWORD=postgres WEBHOOKS_SECRET_KEY=$BENCH_SECRET_KEY'
fi
# JFR records a profile of the whole run so that figures come with their evidence (dumped to bench/out before stop).
START_CMD="${START_CMD:-$MEMBER_ENV JVM_ARGS=\"-XX:FlightRecorderOptions=stackdepth=512 -XX:StartFlightRecording=filename=$OUT/server-\$MEMBER.jfr,settings=profile,dumponexit=true\" $WLP/bin/server start $SERVER_PREFIX-\$MEMBER}"
STOP_CMD="${STOP_CMD:-$WLP/bin/server stop $SERVER_PREFIX-\$MEMBER}"
# pgrep -f (extended regex) matching one member's Liberty JVM and nothing else; used for RSS, CPU time and kill -9.
if [[ -z "${PID_PATTERN:-}" ]]; then
  PID_PATTERN="ws-server\\.jar $SERVER_PREFIX-{member}( --clean)?\$"
fi
# Retry time scale the server runs with during R2 (1 = real seconds; the plan [1,2,4] s is scaled the same way).
R2_TIME_SCALE="${R2_TIME_SCALE:-1}"
# ---------------------------------------------------------------------------------------------------------------

# The harness as Maven built it, copied out of bench/target so that a build during the run (PREPARE_CMD's
# `mvn install` below, a `mvn clean` elsewhere) cannot change the classes under the running JVM.
CLASSES="$OUT/classes"
LIB="$OUT/lib"
# The receiver is the JDK's HttpServer, which by default closes any keep-alive connection beyond 200 idle ones
# the moment it becomes idle; a production receiver (nginx, a load balancer) keeps them. 1,000 is still a limit the
# engine meets under load (it resends a request that a closed pooled connection never carried).
JAVA_OPTS="${JAVA_OPTS:--Xms512m -Xmx2g -XX:+UseParallelGC -Dsun.net.httpserver.maxIdleConnections=1000}"

# Built here, before anything else runs (the ceiling needs no server, so PREPARE_CMD's full build may not run at all).
# The module compiles with -Xlint:all -Werror, as in `mvn verify`; copy-dependencies puts the runtime classpath
# (compile and runtime scopes) in bench/target/dependency, emptied first so that no jar of an older version stays.
echo "building the harness (mvn -pl bench compile dependency:copy-dependencies)..." >&2
rm -rf "$CLASSES" "$LIB" "$BENCH_DIR/target/dependency"
(cd "$ROOT" && mvn -q -B -pl bench -Dspotless.check.skip=true compile dependency:copy-dependencies -DincludeScope=runtime) >&2
mkdir -p "$CLASSES" "$LIB"
cp -R "$BENCH_DIR/target/classes/." "$CLASSES/"
if [[ -d "$BENCH_DIR/target/dependency" ]]; then cp "$BENCH_DIR"/target/dependency/*.jar "$LIB/"; fi

# ROOT must be exported before PREPARE_CMD runs: it expands "$ROOT" in its own shell (an unexported ROOT left
# the old database in place, so every run measured a bigger one).
export ROOT
if [[ " $* " != *" ceiling "* || $# -gt 1 ]] && [[ " $* " != *" --no-server "* ]] && [[ " $* " != *" --external-server "* ]] && [[ " $* " != *" --help "* ]]; then
  echo "preparing the benchmark server (build, create webhooks-bench, empty database)..." >&2
  bash -c "$PREPARE_CMD" >&2
  # P7's JMS phase sends through an application deployed next to the platform (bench/src/bench/jmsapp): a war
  # of its classes, put in each member's dropins (only the benchmark servers get it).
  JMS_WAR_DIR="$OUT/bench-jms"
  rm -rf "$JMS_WAR_DIR" && mkdir -p "$JMS_WAR_DIR/WEB-INF/classes/bench"
  cp -R "$CLASSES/bench/jmsapp" "$JMS_WAR_DIR/WEB-INF/classes/bench/"
  (cd "$JMS_WAR_DIR" && jar cf "$OUT/bench-jms.war" WEB-INF)
  for ((m = 0; m < MEMBERS; m++)); do
    dropins="$ROOT/webhooks-ear/target/liberty/wlp/usr/servers/$SERVER_PREFIX-$m/dropins"
    if [[ -d "$(dirname "$dropins")" ]]; then mkdir -p "$dropins" && cp "$OUT/bench-jms.war" "$dropins/"; fi
  done
fi

export ROOT BASE_URL API_KEY START_CMD STOP_CMD PID_PATTERN R2_TIME_SCALE
export BENCH_OUT="$OUT"

PG_PID=""
stop_postgresql() {
  if [[ -n "$PG_PID" ]]; then
    kill -- -"$PG_PID" 2>/dev/null || true
    PG_PID=""
  fi
}
trap stop_postgresql EXIT
if [[ "$BENCH_DB" == postgresql ]] && [[ " $* " != *" --external-server "* ]] && [[ " $* " != *" --no-server "* ]] && [[ " $* " != *" --help "* ]]; then
  echo "starting PostgreSQL on port $BENCH_PG_PORT (fresh data directory)..." >&2
  PG_LOG="$OUT/postgresql.log"
  # A fresh data directory: what the previous run's PostgreSQL left while stopping (pg_wal) makes initdb refuse.
  rm -rf "$ROOT/webhooks-ear/target/bench-postgresql"
  # Its own process group (setsid), so that stopping it stops Maven and PostgreSQL's processes together.
  setsid bash -c 'cd "$ROOT" && exec mvn -q -pl webhooks-ear exec:exec@bench-postgresql -Dbench.pg.port="$BENCH_PG_PORT"' >"$PG_LOG" 2>&1 &
  PG_PID=$!
  for ((i = 0; i < 240; i++)); do
    grep -q "PostgreSQL ready" "$PG_LOG" && break
    kill -0 "$PG_PID" 2>/dev/null || { echo "PostgreSQL did not start; see $PG_LOG" >&2; exit 1; }
    sleep 0.5
  done
  grep -q "PostgreSQL ready" "$PG_LOG" || { echo "PostgreSQL not ready after 120 s; see $PG_LOG" >&2; exit 1; }
fi

# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$CLASSES:$LIB/*" bench.Main "$@"
