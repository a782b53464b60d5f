#!/usr/bin/env bash
# Print the path of a Chromium binary for Playwright (tests read CHROMIUM_PATH).
# Honours an existing CHROMIUM_PATH; otherwise prefers Debian's /usr/bin/chromium.
# Prints nothing and exits 1 if none is found.
set -euo pipefail

if [[ -n "${CHROMIUM_PATH:-}" && -x "${CHROMIUM_PATH}" ]]; then
  echo "$CHROMIUM_PATH"
  exit 0
fi
for candidate in /usr/bin/chromium chromium chromium-browser google-chrome-stable google-chrome; do
  if path="$(command -v "$candidate" 2>/dev/null)" && [[ -x "$path" ]]; then
    echo "$path"
    exit 0
  fi
done
exit 1
