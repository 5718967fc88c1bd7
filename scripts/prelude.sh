# Sourced by the project's scripts: finds a JDK of 21 or later, makes sure Maven and the
# Asterisk sandbox are there. Safe to run again; it only installs what is missing.
set -euo pipefail

ACD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ACD_ROOT

need_root() {
  if [[ $EUID -ne 0 ]]; then
    echo "$(basename "$0"): run as root (the Asterisk sandbox uses chroot and mount namespaces)" >&2
    exit 1
  fi
}

apt_install() { # packages...
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if (( ${#missing[@]} )); then
    echo "installing ${missing[*]}" >&2
    apt-get update -qq >&2 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
      >/tmp/acd-apt.log 2>&1 || { tail -30 /tmp/acd-apt.log >&2; return 1; }
  fi
}

need_root
command -v mvn >/dev/null 2>&1 || apt_install maven
apt_install debootstrap util-linux
# The browser tests drive Debian's Chromium headless through its ChromeDriver; nothing is downloaded at test time.
apt_install chromium chromium-driver

JAVA_HOME="$("$ACD_ROOT/scripts/java-home.sh")"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

"$ACD_ROOT/scripts/asterisk-provision.sh" >/dev/null
