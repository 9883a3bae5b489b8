#!/usr/bin/env bash
# The real telephony peers the integration tests talk to, from Debian's packages:
# sipp (package sip-tester) and baresip. Idempotent: installs only what is missing.
# Needs root (or sudo) and Debian's package mirror; everything else in Waihu comes from npm.
set -euo pipefail
need=()
command -v sipp >/dev/null 2>&1 || need+=(sip-tester)
command -v baresip >/dev/null 2>&1 || need+=(baresip-core)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
sudo_=""
if [ "$(id -u)" -ne 0 ]; then sudo_="sudo"; fi
echo "installing ${need[*]} (telephony peers for the integration tests)"
$sudo_ apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
