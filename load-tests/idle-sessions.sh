#!/usr/bin/env bash
# How many idle, queued AGI sessions the server holds with a 512 MB heap.
# Starts the server (-Xmx512m, no agents, so every call waits in its queue) and the synthetic
# AGI client, which opens SESSIONS sessions that each pass the IVR and sit in the queue on hold.
# Prints sessions held, heap used after a full GC, and bytes per session (org.acdserver.load.IdleSessions).
# Usage: load-tests/idle-sessions.sh [SESSIONS] [HEAP] [WORK_DIR]
#   (defaults: 18000 sessions, a 512m heap, the server's files in a new temporary directory)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/scripts/prelude.sh"
SESSIONS="${1:-18000}"
HEAP="${2:-512m}"
WORK=()
[[ -n "${3:-}" ]] && WORK=(--work "$3")
# One descriptor per session in each process: the hard limit caps the count (20,000 on our CI
# machines, where it cannot be raised); past it, heap per session extrapolates the capacity.
ulimit -n "$(ulimit -Hn)"
cd "$ROOT"
[[ -f load-tests/target/benchmarks.jar ]] || mvn -B -q -DskipTests package
exec "$JAVA_HOME/bin/java" -cp load-tests/target/benchmarks.jar org.acdserver.load.IdleSessions \
  --sessions "$SESSIONS" --heap "$HEAP" --config config "${WORK[@]}"
