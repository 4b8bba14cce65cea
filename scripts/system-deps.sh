#!/usr/bin/env bash
# Installs what the test suite needs from Debian (Chromium, poppler's pdftoppm, fonts) when
# missing. Playwright cannot download its own browsers here, so the tests drive Debian's.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} with apt-get..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "Missing system packages: ${missing[*]}. Install them (apt-get install ${missing[*]})." >&2
exit 1
