#!/usr/bin/env bash
# Provisions a real Asterisk 22 from Debian's archive into a cached root filesystem.
#
# Debian stable has no asterisk package; the unstable suite has Asterisk 22, whose
# modules need a newer libc than the host's, so it lives in its own root filesystem
# and runs under chroot. The root filesystem is cached outside the repository and
# reused; a lock makes concurrent runs safe, and a marker file makes it idempotent.
#
# Prints the root filesystem's path on success.
set -euo pipefail

CACHE_DIR="${ACD_SANDBOX_CACHE:-/var/cache/acd-server}"
ROOTFS="$CACHE_DIR/asterisk-rootfs"
MARKER="$ROOTFS/.acd-provisioned"
MIRROR="${ACD_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PACKAGES="asterisk,asterisk-core-sounds-en-gsm,asterisk-moh-opsound-gsm"

log() { echo "asterisk-provision: $*" >&2; }

if [[ $EUID -ne 0 ]]; then
  log "must run as root (debootstrap and chroot need it)"
  exit 1
fi

mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/provision.lock"
flock 9

# Packages added to the root filesystem after it was built: SIP user agents for tests and load
# (SIPp from sip-tester) and the SIP dispatcher that runs in front of several Asterisk servers.
# Checked on every run, so a root filesystem cached before they were added gets them too.
EXTRAS=(sip-tester kamailio)

install_extras() { # rootfs
  local missing=()
  for p in "${EXTRAS[@]}"; do
    chroot "$1" dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  (( ${#missing[@]} )) || return 0
  log "installing ${missing[*]} into $1"
  # sid's Release file may have expired against this machine's clock.
  chroot "$1" apt-get -o Acquire::Check-Valid-Until=false update -qq >&2 || true
  chroot "$1" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >"$CACHE_DIR/extras.log" 2>&1 || { tail -20 "$CACHE_DIR/extras.log" >&2; return 1; }
}

if [[ -f "$MARKER" ]]; then
  install_extras "$ROOTFS"
  echo "$ROOTFS"
  exit 0
fi

if ! command -v debootstrap >/dev/null 2>&1; then
  log "installing debootstrap"
  apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2
fi

# A half-built root filesystem from an interrupted run is discarded, never patched.
if [[ -d "$ROOTFS" ]]; then
  log "removing incomplete root filesystem $ROOTFS"
  for m in proc dev; do umount -l "$ROOTFS/$m" 2>/dev/null || true; done
  rm -rf "$ROOTFS"
fi

STAGING="$ROOTFS.staging.$$"
rm -rf "$STAGING"
log "debootstrap sid into $STAGING (takes about a minute)"
attempt=1
until debootstrap --variant=minbase --include="$PACKAGES" sid "$STAGING" "$MIRROR" >"$CACHE_DIR/debootstrap.log" 2>&1; do
  if (( attempt >= 3 )); then
    log "debootstrap failed three times; see $CACHE_DIR/debootstrap.log"
    tail -20 "$CACHE_DIR/debootstrap.log" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  log "debootstrap failed, retrying ($attempt/3)"
  umount -l "$STAGING/proc" 2>/dev/null || true
  rm -rf "$STAGING"
  sleep 5
done

# debootstrap can leave proc mounted on failure paths; never leave a mount behind.
umount -l "$STAGING/proc" 2>/dev/null || true
umount -l "$STAGING/sys" 2>/dev/null || true

version="$(chroot "$STAGING" /usr/sbin/asterisk -V 2>/dev/null || true)"
case "$version" in
  "Asterisk 2"[0-9]*|"Asterisk 3"[0-9]*) ;;
  *) log "unexpected asterisk version '$version'"; exit 1 ;;
esac
install_extras "$STAGING"
mv "$STAGING" "$ROOTFS"
echo "$version" > "$MARKER"
log "provisioned $version in $ROOTFS"
echo "$ROOTFS"
