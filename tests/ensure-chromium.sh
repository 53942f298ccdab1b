#!/usr/bin/env bash
# The end-to-end tests and the demo drive Debian's Chromium (never a downloaded browser). Install it if missing.
set -euo pipefail
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
elif command -v sudo >/dev/null 2>&1; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
else
  echo "Chromium is missing: run 'apt-get install -y chromium fonts-noto-cjk' as root, or set CHROMIUM_PATH." >&2
  exit 1
fi
