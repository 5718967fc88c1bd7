#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests against a real Asterisk 22 (sandboxed)
# and a real PostgreSQL (embedded). Extra arguments go to Maven.
source "$(dirname "$0")/prelude.sh"
cd "$ACD_ROOT"
exec mvn -B verify "$@"
