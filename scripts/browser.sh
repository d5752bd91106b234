#!/usr/bin/env bash
# Ensures a headless browser for the web UI tests: Debian's chromium and chromium-driver, installed
# when missing (as root or with sudo); otherwise says what to install. Prints nothing on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then exit 0; fi
if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null || ! command -v apt-get >/dev/null; then
  echo "shiplock: the web UI tests need chromium and chromium-driver (Debian packages)." >&2
  exit 1
fi
echo "installing chromium and chromium-driver (Debian packages)..." >&2
apt_install chromium chromium-driver
