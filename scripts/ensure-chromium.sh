#!/usr/bin/env bash
# The GraphiQL browser test drives Debian's Chromium (a browser download by Playwright
# is impossible offline). Installs it when missing and we may use apt; otherwise says how.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the GraphiQL browser test (apt-get install chromium)..." >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium is needed for the GraphiQL browser test: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH." >&2
exit 1
