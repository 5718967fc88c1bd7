#!/usr/bin/env bash
# Builds the server, starts a sandboxed Asterisk and the server on an embedded PostgreSQL,
# places simulated calls through the IVR to simulated agents, prints what happened, and keeps
# the server running until Ctrl-C. Extra arguments go to the demo command (e.g. --calls 40).
source "$(dirname "$0")/prelude.sh"
cd "$ACD_ROOT"
mvn -B -q -DskipTests -Dmaven.javadoc.skip install
exec "$ACD_ROOT/bin/acd-server" demo --config "$ACD_ROOT/config" "$@"
