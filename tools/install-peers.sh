#!/usr/bin/env bash
# The real peers and tools the integration tests use, from Debian's packages: sipp (package
# sip-tester) and baresip as telephony peers, espeak-ng and sox to make and check test speech,
# chromium for the console's browser tests, kamailio and rtpengine for the agents' browser
# softphone edge (tools/sip-edge: SIP over WebSocket, WebRTC <-> RTP).
# Idempotent: installs only what is missing.
# Needs root (or sudo) and Debian's package mirror; everything else in Waihu comes from npm.
set -euo pipefail
need=()
command -v sipp >/dev/null 2>&1 || need+=(sip-tester)
command -v baresip >/dev/null 2>&1 || need+=(baresip-core)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v sox >/dev/null 2>&1 || need+=(sox libsox-fmt-all)
# Headless Chromium for the console's end-to-end tests (driven by playwright-core).
[ -x /usr/bin/chromium ] || need+=(chromium)
# The browser softphone's edge (tools/sip-edge): SIP over WebSocket and WebRTC <-> RTP.
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }
for pkg in kamailio kamailio-websocket-modules kamailio-extra-modules rtpengine-daemon; do installed "$pkg" || need+=("$pkg"); done
# A CJK font, so the console's Chinese renders in the browser tests' screenshots.
{ command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null)" ]; } || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
sudo_=""
if [ "$(id -u)" -ne 0 ]; then sudo_="sudo"; fi
echo "installing ${need[*]} (peers and test-speech tools for the integration tests)"
$sudo_ apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
