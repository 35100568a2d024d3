#!/usr/bin/env bash
# Installs the system packages Surety needs on Debian/Ubuntu. Idempotent; needs root (or sudo).
set -euo pipefail
pkgs=(libsodium-dev libssl-dev libsqlite3-dev pkg-config curl ca-certificates iproute2 python3)
missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: system packages present (${pkgs[*]})"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
