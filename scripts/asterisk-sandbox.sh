#!/usr/bin/env bash
# Runs sandboxed Asterisk instances from the cached root filesystem (see asterisk-provision.sh).
#
#   asterisk-sandbox.sh start NAME [--ami-port P] [--ami-user U] [--ami-secret S]
#                                  [--agi-host H] [--agi-port Q] [--sip-port R] [--system-name N]
#                                  [--conf FILE]... [--sip-port R] [--conf FILE]...
#   asterisk-sandbox.sh stop NAME        stops it; stopping a stopped instance is fine
#   asterisk-sandbox.sh status NAME      exit 0 while it runs
#   asterisk-sandbox.sh cli NAME "cmd"   runs an Asterisk CLI command
#
# Each instance has its own directory inside the root filesystem (/var/lib/acd-sandbox/NAME)
# with configuration rendered from config/asterisk/*.conf, and its own AMI and SIP ports, so
# several instances run side by side. --conf copies a file rendered elsewhere (the agents' phones,
# pjsip_agents.conf) into the instance's configuration. The SIPp scenarios of config/sipp/ are
# copied to the instance's sipp/ directory, where SIPp, run inside the root filesystem, reads them.
# Asterisk runs in a private mount namespace in which /proc and /dev are mounted into the root
# filesystem; when it exits, the namespace and its mounts go with it, so no mount can leak, even
# after kill -9.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TEMPLATES="$HERE/../config/asterisk"
BOOT_TIMEOUT="${ACD_SANDBOX_BOOT_TIMEOUT:-90}"

die() { echo "asterisk-sandbox: $*" >&2; exit 1; }

cmd="${1:-}"; name="${2:-}"
[[ -n "$cmd" && -n "$name" ]] || die "usage: $0 start|stop|status|cli NAME [...]"
[[ "$name" =~ ^[A-Za-z0-9_-]{1,32}$ ]] || die "instance name must be 1-32 letters, digits, _ or -"
shift 2

ROOTFS="$("$HERE/asterisk-provision.sh")"
INST="/var/lib/acd-sandbox/$name"      # as Asterisk sees it, inside the root filesystem
HOST_INST="$ROOTFS$INST"                # as the host sees it
CONF="$INST/etc/asterisk.conf"

pid_of() { # prints the running instance's pid, or nothing
  local f="$HOST_INST/run/sandbox.pid" p
  [[ -f "$f" ]] || return 0
  p="$(cat "$f")"
  if [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null && grep -qa -- "$CONF" "/proc/$p/cmdline" 2>/dev/null; then
    echo "$p"
  fi
}

cli() {
  chroot "$ROOTFS" /usr/sbin/asterisk -C "$CONF" -rx "$1"
}

stop() {
  local p; p="$(pid_of)"
  if [[ -z "$p" ]]; then rm -f "$HOST_INST/run/sandbox.pid"; return 0; fi
  # SIGTERM is Asterisk's fast shutdown: it hangs up channels and exits.
  kill -TERM "$p" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$p" 2>/dev/null; then kill -KILL "$p" 2>/dev/null || true; fi
  for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$p" 2>/dev/null && die "instance $name (pid $p) did not stop"
  rm -f "$HOST_INST/run/sandbox.pid"
}

start() {
  local ami_port=5038 ami_user=acd ami_secret="" agi_host=127.0.0.1 agi_port=4573 sip_port=5060 system_name=
  local extra=()
  while (( $# )); do
    case "$1" in
      --ami-port) ami_port="$2"; shift 2 ;;
      --ami-user) ami_user="$2"; shift 2 ;;
      --ami-secret) ami_secret="$2"; shift 2 ;;
      --agi-host) agi_host="$2"; shift 2 ;;
      --agi-port) agi_port="$2"; shift 2 ;;
      --sip-port) sip_port="$2"; shift 2 ;;
      --system-name) system_name="$2"; shift 2 ;;
      --conf) [[ -f "$2" ]] || die "no such file $2"; extra+=("$2"); shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
  [[ -n "$ami_secret" ]] || ami_secret="$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  for v in "$ami_port" "$agi_port" "$sip_port"; do [[ "$v" =~ ^[0-9]+$ ]] || die "ports must be numbers"; done
  [[ "$system_name" =~ ^[A-Za-z0-9_-]{0,40}$ ]] || die "system name must be letters, digits, _ or -"
  for v in "$ami_user" "$ami_secret" "$agi_host"; do
    [[ "$v" =~ ^[A-Za-z0-9._-]+$ ]] || die "user, secret and host may only hold letters, digits, . _ -"
  done

  stop
  rm -rf "$HOST_INST"
  mkdir -p "$HOST_INST"/{etc,run,log,spool,db,keys,varlib,cache,sipp}
  for t in "$TEMPLATES"/*.conf; do
    sed -e "s|@INSTANCE_DIR@|$INST|g" -e "s|@AMI_PORT@|$ami_port|g" -e "s|@AMI_USER@|$ami_user|g" \
        -e "s|@AMI_SECRET@|$ami_secret|g" -e "s|@AGI_HOST@|$agi_host|g" -e "s|@AGI_PORT@|$agi_port|g" \
        -e "s|@SIP_PORT@|$sip_port|g" -e "s|@SYSTEM_NAME@|$system_name|g" \
        "$t" > "$HOST_INST/etc/$(basename "$t")"
  done
  for f in "${extra[@]}"; do
    install -m 600 "$f" "$HOST_INST/etc/$(basename "$f")"
  done
  chmod 600 "$HOST_INST/etc/"manager*.conf
  cp "$HERE/../config/sipp/"*.xml "$HOST_INST/sipp/"

  # setsid: the instance outlives this script and ignores the caller's terminal signals.
  setsid unshare --mount --propagation private --fork /bin/bash -c '
      set -e
      mount -t proc proc "$1/proc"
      mount --rbind /dev "$1/dev"
      exec chroot "$1" /usr/sbin/asterisk -f -g -n -C "$2"' sandbox "$ROOTFS" "$CONF" \
      </dev/null >"$HOST_INST/log/console.log" 2>&1 &

  local deadline=$((SECONDS + BOOT_TIMEOUT)) p=""
  while (( SECONDS < deadline )); do
    if [[ -z "$p" && -f "$HOST_INST/run/asterisk.pid" ]]; then
      p="$(cat "$HOST_INST/run/asterisk.pid")"
      echo "$p" > "$HOST_INST/run/sandbox.pid"
    fi
    if [[ -n "$p" ]] && ! kill -0 "$p" 2>/dev/null; then break; fi
    if [[ -n "$p" ]] && cli "core waitfullybooted" >/dev/null 2>&1; then
      echo "name=$name pid=$p ami=127.0.0.1:$ami_port sip=127.0.0.1:$sip_port root=$ROOTFS inst=$INST" \
        "log=$HOST_INST/log/messages.log"
      return 0
    fi
    sleep 0.2
  done
  tail -20 "$HOST_INST/log/console.log" >&2 || true
  stop || true
  die "instance $name did not boot within ${BOOT_TIMEOUT}s"
}

case "$cmd" in
  start) start "$@" ;;
  stop) stop ;;
  status) [[ -n "$(pid_of)" ]] ;;
  cli) [[ -n "$(pid_of)" ]] || die "instance $name is not running"; cli "${1:?command}" ;;
  *) die "unknown command $cmd" ;;
esac
