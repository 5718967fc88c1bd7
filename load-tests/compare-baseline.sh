#!/usr/bin/env bash
# Runs JMH benchmarks for the code as it is now and, side by side in the same session, for the same benchmarks
# built from an earlier commit (the baseline), alternating the two sides round by round.
#
#   load-tests/compare-baseline.sh --baseline REV [--rounds N] [--no-build] Benchmark[.method]... [-- JMH options]
#
#   load-tests/compare-baseline.sh --baseline f21d06d --rounds 5 RoutingEngineBenchmark -- -prof gc
#
# The baseline is built into load-tests/target/baseline-<rev>/, nothing of it is kept in the source tree: the
# commit's acd-core and ivr-flows sources, relocated into org.acdserver.baseline.{core,flow}, and the commit's
# benchmark class X as org.acdserver.baseline.load.BaselineX, compiled with JMH's annotation processor into a jar
# that goes on the class path next to benchmarks.jar. BenchmarkComparison then runs both sides and prints the
# figures with their spread; the whole output is also kept as load-tests/target/comparisons/<time>-<rev>.txt. Run
# it from anywhere; it works in the repository root (FlowRunBenchmark reads config/flows/main.yaml there, for both
# sides).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REV=
ROUNDS=5
BUILD=1
TARGETS=()
JMH_ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --baseline) REV="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --) shift; JMH_ARGS=("$@"); break ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) TARGETS+=("$1"); shift ;;
  esac
done
if [[ -z "$REV" ]]; then
  echo "compare-baseline: name the baseline commit with --baseline REV (see --help)" >&2
  exit 2
fi
if [[ ${#TARGETS[@]} -eq 0 ]]; then
  echo "compare-baseline: name at least one benchmark class, e.g. RoutingEngineBenchmark (see --help)" >&2
  exit 2
fi

JAVA_HOME="$("$ROOT/scripts/java-home.sh")"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
cd "$ROOT"

SHA="$(git rev-parse --short "$REV^{commit}")"
WORK="$ROOT/load-tests/target/baseline-$SHA"
BENCH_JAR="$ROOT/load-tests/target/benchmarks.jar"

if [[ $BUILD -eq 1 ]]; then
  # package, never install: the local repository is shared with other checkouts.
  mvn -B -q package -pl load-tests -am -DskipTests
fi
[[ -f "$BENCH_JAR" ]] || { echo "compare-baseline: $BENCH_JAR is missing; run without --no-build" >&2; exit 1; }

rm -rf "$WORK"
mkdir -p "$WORK/src" "$WORK/classes"
SOURCES=(acd-core/src/main/java ivr-flows/src/main/java)
for target in "${TARGETS[@]}"; do
  class="${target%%.*}"
  file="load-tests/src/main/java/org/acdserver/load/$class.java"
  git cat-file -e "$SHA:$file" 2>/dev/null \
    || { echo "compare-baseline: $file does not exist at $SHA" >&2; exit 1; }
  if ! git diff --quiet "$SHA" -- "$file"; then
    echo "compare-baseline: note: $class differs between $SHA and the working tree; each side runs its own" >&2
  fi
  SOURCES+=("$file")
done
git archive "$SHA" -- "${SOURCES[@]}" | tar -x -C "$WORK/src"

# Relocate the baseline so that it loads next to the current classes. A benchmark's helpers from its own package
# (OpTimes, say) are not copied: the import finds them in the current benchmarks.jar, which both sides share.
find "$WORK/src" -name '*.java' -exec sed -i -E \
  's/\borg\.acdserver\.(core|flow)\b/org.acdserver.baseline.\1/g; s/^package org\.acdserver\.load;/package org.acdserver.baseline.load;\nimport org.acdserver.load.*;/' {} +
for target in "${TARGETS[@]}"; do
  class="${target%%.*}"
  dir="$WORK/src/load-tests/src/main/java/org/acdserver/load"
  [[ -f "$dir/$class.java" ]] || continue
  sed -i -E "s/\\b$class\\b/Baseline$class/g" "$dir/$class.java"
  mv "$dir/$class.java" "$dir/Baseline$class.java"
done

JMH_VERSION="$(sed -n 's:.*<jmh.version>\(.*\)</jmh.version>.*:\1:p' "$ROOT/pom.xml")"
M2="${MAVEN_REPOSITORY:-$HOME/.m2/repository}/org/openjdk/jmh"
PROCESSOR="$M2/jmh-generator-annprocess/$JMH_VERSION/jmh-generator-annprocess-$JMH_VERSION.jar:$M2/jmh-core/$JMH_VERSION/jmh-core-$JMH_VERSION.jar"
find "$WORK/src" -name '*.java' > "$WORK/sources.txt"
javac --release 21 -nowarn -proc:full -processorpath "$PROCESSOR" -cp "$BENCH_JAR" -d "$WORK/classes" @"$WORK/sources.txt"
jar cf "$WORK/baseline-benchmarks.jar" -C "$WORK/classes" .

mkdir -p "$ROOT/load-tests/target/comparisons"
OUT="$ROOT/load-tests/target/comparisons/$(date +%Y%m%d-%H%M%S)-$SHA.txt"
echo "compare-baseline: baseline $SHA ($(git log -1 --format=%s "$SHA" | cut -c1-60)...) against the working tree" \
  "at $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' with local changes')"
java -cp "$BENCH_JAR:$WORK/baseline-benchmarks.jar" org.acdserver.load.BenchmarkComparison --rounds "$ROUNDS" \
  "${TARGETS[@]}" -- "${JMH_ARGS[@]}" | tee "$OUT"
echo "compare-baseline: output kept in $OUT"
