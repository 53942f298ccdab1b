#!/usr/bin/env bash
# The Firefox smoke test drives Debian's Firefox ESR (never a downloaded browser). Install it if missing.
set -euo pipefail
if [ -x "${FIREFOX_PATH:-/usr/bin/firefox-esr}" ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr >/dev/null
elif command -v sudo >/dev/null 2>&1; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr >/dev/null
else
  echo "Firefox ESR is missing: run 'apt-get install -y firefox-esr' as root, or set FIREFOX_PATH." >&2
  exit 1
fi
