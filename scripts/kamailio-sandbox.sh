#!/usr/bin/env bash
# Runs a sandboxed Kamailio (from the Asterisk sandbox's root filesystem, which holds Debian's kamailio) in front of
# sandboxed Asterisk instances, for tests, the demo and load tests.
#
#   kamailio-sandbox.sh start NAME --sip-port P --dispatcher FILE   FILE: the dispatcher list (set 1)
#   kamailio-sandbox.sh stop NAME        stops it; stopping a stopped instance is fine
#   kamailio-sandbox.sh status NAME      exit 0 while it runs
#   kamailio-sandbox.sh rpc NAME CMD...  runs a kamcmd command (dispatcher.list, dispatcher.reload ...)
#
# Each instance has its own directory inside the root filesystem (/var/lib/acd-kamailio/NAME) with kamailio.cfg
# rendered from config/kamailio/ and the given dispatcher list. Kamailio runs in a private mount namespace, like the
# Asterisk sandbox, so that no mount outlives it.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TEMPLATE="$HERE/../config/kamailio/kamailio.cfg"
BOOT_TIMEOUT="${ACD_SANDBOX_BOOT_TIMEOUT:-60}"

die() { echo "kamailio-sandbox: $*" >&2; exit 1; }

cmd="${1:-}"; name="${2:-}"
[[ -n "$cmd" && -n "$name" ]] || die "usage: $0 start|stop|status|rpc NAME [...]"
[[ "$name" =~ ^[A-Za-z0-9_-]{1,40}$ ]] || die "instance name must be 1-40 letters, digits, _ or -"
shift 2

ROOTFS="$("$HERE/asterisk-provision.sh")"
INST="/var/lib/acd-kamailio/$name"
HOST_INST="$ROOTFS$INST"

pid_of() {
  local f="$HOST_INST/kamailio.pid" p
  [[ -f "$f" ]] || return 0
  p="$(cat "$f")"
  if [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null && grep -qa -- "$INST/kamailio.cfg" "/proc/$p/cmdline" 2>/dev/null; then
    echo "$p"
  fi
}

rpc() {
  chroot "$ROOTFS" kamcmd -s "unix:$INST/kamailio.ctl" "$@"
}

stop() {
  local p; p="$(pid_of)"
  if [[ -z "$p" ]]; then rm -f "$HOST_INST/kamailio.pid"; return 0; fi
  kill -TERM "$p" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$p" 2>/dev/null; then kill -KILL "$p" 2>/dev/null || true; fi
  rm -f "$HOST_INST/kamailio.pid"
}

start() {
  local sip_port="" dispatcher=""
  while (( $# )); do
    case "$1" in
      --sip-port) sip_port="$2"; shift 2 ;;
      --dispatcher) dispatcher="$2"; shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
  [[ "$sip_port" =~ ^[0-9]+$ ]] || die "--sip-port must be a number"
  [[ -f "$dispatcher" ]] || die "no dispatcher list $dispatcher"

  stop
  rm -rf "$HOST_INST"
  mkdir -p "$HOST_INST"
  sed -e "s|@SIP_ADDRESS@|127.0.0.1|g" -e "s|@SIP_PORT@|$sip_port|g" -e "s|@INSTANCE_DIR@|$INST|g" \
      "$TEMPLATE" > "$HOST_INST/kamailio.cfg"
  install -m 644 "$dispatcher" "$HOST_INST/dispatcher.list"
  chroot "$ROOTFS" kamailio -c -f "$INST/kamailio.cfg" >"$HOST_INST/check.log" 2>&1 \
    || { tail -20 "$HOST_INST/check.log" >&2; die "kamailio.cfg of $name does not pass kamailio -c"; }

  # -DD: no daemon, so that the namespace lives as long as Kamailio; -E: log to the console file.
  setsid unshare --mount --propagation private --fork /bin/bash -c '
      set -e
      mount -t proc proc "$1/proc"
      mount --rbind /dev "$1/dev"
      exec chroot "$1" kamailio -DD -E -f "$2/kamailio.cfg" -P "$2/kamailio.pid" -m 64 -M 8' \
      sandbox "$ROOTFS" "$INST" </dev/null >"$HOST_INST/console.log" 2>&1 &

  local deadline=$((SECONDS + BOOT_TIMEOUT))
  while (( SECONDS < deadline )); do
    if [[ -n "$(pid_of)" ]] && rpc core.version >/dev/null 2>&1; then
      echo "name=$name pid=$(pid_of) sip=127.0.0.1:$sip_port log=$HOST_INST/console.log"
      return 0
    fi
    sleep 0.1
  done
  tail -20 "$HOST_INST/console.log" >&2 || true
  stop || true
  die "kamailio $name did not start within ${BOOT_TIMEOUT}s"
}

case "$cmd" in
  start) start "$@" ;;
  stop) stop ;;
  status) [[ -n "$(pid_of)" ]] ;;
  rpc) [[ -n "$(pid_of)" ]] || die "kamailio $name is not running"; rpc "$@" ;;
  *) die "unknown command $cmd" ;;
esac
