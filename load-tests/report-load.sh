#!/usr/bin/env bash
# Generates days of calls into an embedded PostgreSQL through the server's record sinks (so the
# interval aggregates are built as records are stored, as in production), then times interval
# reports over them: one day in quarter hours, every day in days, every day in quarter hours.
# Usage: load-tests/report-load.sh [DAYS] [CALLS_PER_DAY] [ROUNDS]   (default 30 100000 5)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/scripts/prelude.sh"
cd "$ROOT"
[[ -f load-tests/target/benchmarks.jar ]] || mvn -B -q -DskipTests package
exec "$JAVA_HOME/bin/java" -Xmx1g -cp load-tests/target/benchmarks.jar org.acdserver.load.ReportLoad \
  --days "${1:-30}" --calls-per-day "${2:-100000}" --rounds "${3:-5}"
