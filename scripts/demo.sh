#!/usr/bin/env bash
# Builds the server and the demo, starts a sandboxed Asterisk and the server on an embedded
# PostgreSQL, places simulated calls through the IVR to simulated agents, prints what happened,
# and keeps the server running until Ctrl-C. Extra arguments go to the demo (e.g. --calls 40,
# --exit to stop after the report).
source "$(dirname "$0")/prelude.sh"
cd "$ACD_ROOT"
# package, not install: the reactor builds every module from this checkout, and nothing is
# written to the shared local Maven repository.
mvn -B -q -DskipTests -Dmaven.javadoc.skip package
exec "$ACD_ROOT/bin/acd-demo" --config "$ACD_ROOT/config" "$@"
