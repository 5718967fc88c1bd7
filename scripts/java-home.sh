#!/usr/bin/env bash
# Prints the home of a JDK of version 21 or later, or fails with a message.
# Order: $JAVA_HOME, the java on PATH, then the JDKs under /usr/lib/jvm (newest first).
set -euo pipefail

major_of() { # java executable -> major version number
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1 | cut -d. -f1
}

good() { # JDK home -> true if it holds javac and java of 21+
  local home="$1"
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 1
  local v; v="$(major_of "$home/bin/java")"
  [[ -n "$v" && "$v" -ge 21 ]]
}

candidates=()
[[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
if command -v javac >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
fi
while IFS= read -r d; do candidates+=("$d"); done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's#/$##' | sort -rV)

for home in "${candidates[@]}"; do
  if good "$home"; then echo "$home"; exit 0; fi
done
echo "java-home: no JDK of version 21 or later found (checked: ${candidates[*]:-none}); install one, e.g. apt-get install openjdk-21-jdk-headless" >&2
exit 1
