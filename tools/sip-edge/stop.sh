#!/usr/bin/env bash
# Stops the SIP edge tools/sip-edge/start.sh started in SIP_EDGE_RUN_DIR (by its pid files only):
# SIGTERM, then SIGKILL after 3 s. Exit 0 also when nothing was running.
set -uo pipefail
run_dir="${SIP_EDGE_RUN_DIR:-${TMPDIR:-/tmp}/waihu-sip-edge}"
stopped=()
for name in kamailio rtpengine; do
  file="$run_dir/$name.pid"
  [ -s "$file" ] || continue
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    # Kamailio's main process takes its worker children down with it.
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    stopped+=("$name")
  fi
  rm -f "$file"
done
[ ${#stopped[@]} -gt 0 ] && echo "sip-edge: stopped ${stopped[*]} ($run_dir)"
exit 0
