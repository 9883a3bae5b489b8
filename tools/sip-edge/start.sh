#!/usr/bin/env bash
# Starts the browser softphone's SIP edge: rtpengine (WebRTC <-> RTP, userspace) and Kamailio
# (SIP over WebSocket, relaying to our server's SIP port), both from Debian
# (tools/install-peers.sh installs them). `npm start` does not need it: desk phones register
# straight to our server's SIP port; browsers (JsSIP in the console) need this edge.
#
#   bash tools/sip-edge/start.sh               start both in the background, return once listening
#   bash tools/sip-edge/start.sh --foreground  the same, then wait; Ctrl-C stops both (npm run sip-edge)
#   bash tools/sip-edge/stop.sh                stop what start.sh started (by its pid files)
#
# Settings (environment):
#   WAIHU_SIP_SERVER   our server's SIP address:port (npm start's SIP_ADDRESS:SIP_PORT)  127.0.0.1:5060
#   EDGE_ADDRESS       where Kamailio listens (loopback or a private address)             127.0.0.1
#   EDGE_WS_PORT       SIP over WebSocket for browsers (console's SIP_WS_URL)             8088
#   EDGE_SIP_PORT      Kamailio's UDP port towards our server                             5070
#   MEDIA_ADDRESS      rtpengine's RTP interface                                          127.0.0.1
#   RTPENGINE_NG_PORT  rtpengine's control port (ng protocol, UDP, on 127.0.0.1)          2223
#   RTP_PORT_MIN/MAX   rtpengine's media ports                                            40000/40999
#   SIP_EDGE_RUN_DIR   rendered config, pid files and logs                                /tmp/waihu-sip-edge
#   SIP_EDGE_LOG_LEVEL Kamailio's debug level (rtpengine's log level is this + 4)          2
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
foreground=0
case "${1:-}" in
  --foreground) foreground=1 ;;
  "") ;;
  -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "sip-edge: unknown argument $1 (try --help)" >&2; exit 2 ;;
esac

server="${WAIHU_SIP_SERVER:-127.0.0.1:5060}"
edge_address="${EDGE_ADDRESS:-127.0.0.1}"
ws_port="${EDGE_WS_PORT:-8088}"
sip_port="${EDGE_SIP_PORT:-5070}"
media_address="${MEDIA_ADDRESS:-127.0.0.1}"
ng_port="${RTPENGINE_NG_PORT:-2223}"
rtp_min="${RTP_PORT_MIN:-40000}"
rtp_max="${RTP_PORT_MAX:-40999}"
run_dir="${SIP_EDGE_RUN_DIR:-${TMPDIR:-/tmp}/waihu-sip-edge}"
log_level="${SIP_EDGE_LOG_LEVEL:-2}"

problems=()
[[ "$server" =~ ^([0-9.]+):([0-9]+)$ ]] || problems+=("WAIHU_SIP_SERVER=$server: expected IPv4:port, e.g. 127.0.0.1:5060")
server_address="${server%:*}"
for pair in "EDGE_WS_PORT=$ws_port" "EDGE_SIP_PORT=$sip_port" "RTPENGINE_NG_PORT=$ng_port" "RTP_PORT_MIN=$rtp_min" "RTP_PORT_MAX=$rtp_max"; do
  value="${pair#*=}"
  { [[ "$value" =~ ^[0-9]+$ ]] && [ "$value" -ge 1024 ] && [ "$value" -le 65535 ]; } || problems+=("$pair: expected a port from 1024 to 65535")
done
[[ "$log_level" =~ ^-?[0-3]$ ]] || problems+=("SIP_EDGE_LOG_LEVEL=$log_level: expected -1 to 3")
command -v kamailio >/dev/null 2>&1 || problems+=("kamailio is not installed: bash tools/install-peers.sh")
command -v rtpengine >/dev/null 2>&1 || problems+=("rtpengine is not installed: bash tools/install-peers.sh")
module_path=""
for dir in /usr/lib/x86_64-linux-gnu/kamailio/modules /usr/lib/aarch64-linux-gnu/kamailio/modules /usr/lib/kamailio/modules; do
  [ -e "$dir/websocket.so" ] && module_path="$dir" && break
done
[ -n "$module_path" ] || problems+=("Kamailio's websocket module is missing: bash tools/install-peers.sh (kamailio-websocket-modules)")
if [ ${#problems[@]} -gt 0 ]; then
  printf 'sip-edge: %s\n' "${problems[@]}" >&2
  exit 2
fi

mkdir -p "$run_dir"
for name in kamailio rtpengine; do
  if [ -s "$run_dir/$name.pid" ] && kill -0 "$(cat "$run_dir/$name.pid")" 2>/dev/null; then
    echo "sip-edge: already running in $run_dir ($name pid $(cat "$run_dir/$name.pid")); stop it with tools/sip-edge/stop.sh" >&2
    exit 1
  fi
done

sed -e "s|{{LOG_LEVEL}}|$log_level|g" -e "s|{{EDGE_ADDRESS}}|$edge_address|g" -e "s|{{EDGE_SIP_PORT}}|$sip_port|g" \
  -e "s|{{EDGE_WS_PORT}}|$ws_port|g" -e "s|{{SERVER_SIP}}|$server|g" -e "s|{{SERVER_ADDRESS}}|$server_address|g" \
  -e "s|{{RTPENGINE_NG}}|127.0.0.1:$ng_port|g" -e "s|{{MODULE_PATH}}|$module_path/|g" \
  "$here/kamailio.cfg.tmpl" > "$run_dir/kamailio.cfg"
if grep -q '{{' "$run_dir/kamailio.cfg"; then echo "sip-edge: unfilled placeholder in $run_dir/kamailio.cfg" >&2; exit 2; fi
kamailio -c -f "$run_dir/kamailio.cfg" > "$run_dir/kamailio-check.log" 2>&1 || {
  echo "sip-edge: Kamailio refuses the rendered config (see $run_dir/kamailio-check.log):" >&2
  grep -E 'ERROR|CRITICAL' "$run_dir/kamailio-check.log" | head -5 >&2
  exit 2
}

stop_all() { bash "$here/stop.sh" >/dev/null 2>&1 || true; }

# --config-file=none: Debian's /etc/rtpengine/rtpengine.conf is for the system service, not us.
rtpengine --config-file=none --interface="$media_address" --listen-ng="127.0.0.1:$ng_port" \
  --port-min="$rtp_min" --port-max="$rtp_max" --table=-1 --foreground --log-stderr \
  --log-level="$((log_level + 4))" --delete-delay=0 > "$run_dir/rtpengine.log" 2>&1 &
echo $! > "$run_dir/rtpengine.pid"
# Waits until `check` passes (10 s at most) while the named processes live.
await() {
  local what="$1" check="$2"; shift 2
  for _ in $(seq 1 100); do
    $check && return 0
    for name in "$@"; do
      if ! kill -0 "$(cat "$run_dir/$name.pid")" 2>/dev/null; then
        echo "sip-edge: $name exited at start; the end of $run_dir/$name.log:" >&2
        tail -n 15 "$run_dir/$name.log" >&2
        stop_all
        exit 1
      fi
    done
    sleep 0.1
  done
  echo "sip-edge: $what not listening after 10 s (logs in $run_dir)" >&2
  stop_all
  exit 1
}
ng_listening() { ss -lnu "sport = :$ng_port" | grep -q "127.0.0.1:$ng_port"; }
edge_listening() { ss -lnt "sport = :$ws_port" | grep -q LISTEN && ss -lnu "sport = :$sip_port" | grep -q "$edge_address:$sip_port"; }
# Kamailio pings rtpengine once at start and sets aside one that does not answer: rtpengine first.
await rtpengine ng_listening rtpengine

# -DD: stay in the foreground of this background job, with Kamailio's own worker children.
kamailio -f "$run_dir/kamailio.cfg" -DD -E -Y "$run_dir" > "$run_dir/kamailio.log" 2>&1 &
echo $! > "$run_dir/kamailio.pid"
await kamailio edge_listening kamailio rtpengine
echo "sip-edge: ws://$edge_address:$ws_port (browsers) -> sip:$server (our server); rtpengine on $media_address:$rtp_min-$rtp_max; logs in $run_dir"

if [ "$foreground" = 1 ]; then
  trap 'stop_all; exit 0' INT TERM
  # Either child ending ends the edge: half of it is no use.
  while kill -0 "$(cat "$run_dir/kamailio.pid")" 2>/dev/null && kill -0 "$(cat "$run_dir/rtpengine.pid")" 2>/dev/null; do sleep 1; done
  echo "sip-edge: a process ended (logs in $run_dir); stopping" >&2
  stop_all
  exit 1
fi
