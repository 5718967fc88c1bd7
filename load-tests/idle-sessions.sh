#!/usr/bin/env bash
# How many idle, queued AGI sessions the server holds with a 512 MB heap.
# Starts the server (-Xmx512m, no agents, so every call waits in its queue) and the synthetic
# AGI client, which opens SESSIONS sessions that each pass the IVR and sit in the queue on hold.
# Prints sessions held, heap used after a full GC, and bytes per session.
# Usage: load-tests/idle-sessions.sh [SESSIONS]   (default 18000)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/scripts/prelude.sh"
SESSIONS="${1:-18000}"
# One descriptor per session in each process: the hard limit caps the count (20,000 on our CI
# machines, where it cannot be raised); past it, heap per session extrapolates the capacity.
ulimit -n "$(ulimit -Hn)"
cd "$ROOT"
[[ -f load-tests/target/benchmarks.jar ]] || mvn -B -q -DskipTests package
LOG="$(mktemp -d)"
ACD_JAVA_OPTS="-Xmx512m -Xms512m" ACD_LOG_DIR="$LOG" ACD_CONSOLE_LEVEL=WARN \
  bin/acd-server serve --config load-tests/config-idle > "$LOG/server.out" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -fs http://127.0.0.1:8092/health >/dev/null 2>&1 && break; sleep 1; done
"$JAVA_HOME/bin/jcmd" "$SERVER" GC.run >/dev/null 2>&1 || true
sleep 2
BASE_KB="$("$JAVA_HOME/bin/jcmd" "$SERVER" GC.heap_info 2>/dev/null | sed -n 's/.*committed [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1)"
"$JAVA_HOME/bin/java" -Xmx1g -cp load-tests/target/benchmarks.jar org.acdserver.load.IdleAgiClient \
  --sessions "$SESSIONS" --hold-seconds 30 > "$LOG/client.out" 2>&1 &
CLIENT=$!
until grep -q HELD "$LOG/client.out" 2>/dev/null; do
  kill -0 $CLIENT 2>/dev/null || break
  kill -0 $SERVER 2>/dev/null || { echo "server died; see $LOG/server.out"; break; }
  sleep 2
done
cat "$LOG/client.out"
HEALTH="$(curl -fs http://127.0.0.1:8092/health || echo '{}')"
echo "server health: $HEALTH"
"$JAVA_HOME/bin/jcmd" "$SERVER" GC.run >/dev/null 2>&1 || true
sleep 2
USED_KB="$("$JAVA_HOME/bin/jcmd" "$SERVER" GC.heap_info 2>/dev/null | sed -n 's/.*committed [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1)"
HELD="$(sed -n 's/.*"agiSessions":\([0-9]*\).*/\1/p' <<<"$HEALTH")"
echo "heap used after full GC: ${USED_KB:-?} KB with ${HELD:-?} sessions held"
echo "heap used after full GC with no sessions: ${BASE_KB:-?} KB"
if [[ -n "${USED_KB:-}" && -n "${BASE_KB:-}" && -n "${HELD:-}" && "$HELD" -gt 0 ]]; then
  PER=$(( (USED_KB - BASE_KB) * 1024 / HELD ))
  echo "about $PER bytes of heap per idle queued session"
  echo "a 512 MB heap holds about $(( (512 * 1024 - BASE_KB) * 1024 / PER )) such sessions"
fi
kill $CLIENT 2>/dev/null || true
