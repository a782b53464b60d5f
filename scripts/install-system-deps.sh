#!/usr/bin/env bash
# Install the Debian packages Due Regard needs, idempotently.
#
#   scripts/install-system-deps.sh [runtime|test]     (default: runtime)
#
# runtime: WeasyPrint's native libraries and fonts (+ python3-venv only if
#          `python -m venv` does not work with the interpreter we use).
# test:    runtime + chromium (Playwright), postgresql and redis-server (throwaway test servers),
#          poppler-utils (pdftotext/pdftoppm) and qpdf.
#
# Already-installed packages are detected with dpkg-query; apt is touched only
# when something is missing. As root it runs `apt-get update` (once) and
# `apt-get install -y --no-install-recommends ...`; otherwise it stops and
# prints the command to run.
#
# Env: SKIP_SYSTEM_DEPS=1 skips everything (e.g. non-Debian dev machines).
#      PYTHON=... interpreter to check venv support with (default python3.11,
#      falling back to python3), same choice as the Makefile.
set -euo pipefail

profile="${1:-runtime}"

RUNTIME_PKGS=(
  # WeasyPrint (>= 53) loads these with cffi at import time.
  libpango-1.0-0
  libpangoft2-1.0-0
  libharfbuzz0b
  libharfbuzz-subset0   # fast font subsetting (hb_subset_*)
  libfontconfig1
  # Fonts for rendered reports and for Chromium.
  fonts-dejavu-core
  fonts-liberation2
  # One family system for the six UN languages in printed reports: Noto Serif/Sans and
  # Naskh Arabic (core), Noto Serif/Sans CJK (Chinese), Noto Color Emoji.
  fonts-noto-core
  fonts-noto-cjk
  fonts-noto-color-emoji
)
TEST_PKGS=(
  chromium        # /usr/bin/chromium, driven by Playwright (CHROMIUM_PATH)
  postgresql      # server binaries for scripts/pg-test-server.sh
  redis-server    # scripts/redis-test-server.sh (shared rate limits, render queue)
  poppler-utils   # pdftotext, pdftoppm
  qpdf
)
BENCH_PKGS=(
  wrk             # HTTP load generator for bench/web_throughput.py
)

case "$profile" in
  runtime) wanted=("${RUNTIME_PKGS[@]}") ;;
  test) wanted=("${RUNTIME_PKGS[@]}" "${TEST_PKGS[@]}") ;;
  bench) wanted=("${RUNTIME_PKGS[@]}" "${TEST_PKGS[@]}" "${BENCH_PKGS[@]}") ;;
  -h | --help)
    sed -n '2,18p' "$0"
    exit 0
    ;;
  *)
    echo "usage: $0 [runtime|test|bench]" >&2
    exit 2
    ;;
esac

if [[ "${SKIP_SYSTEM_DEPS:-}" == 1 ]]; then
  echo "install-system-deps: SKIP_SYSTEM_DEPS=1, not checking system packages" >&2
  exit 0
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-system-deps: not a Debian-based system (no dpkg-query); make sure these are available:" >&2
  echo "  ${wanted[*]}" >&2
  exit 0
fi

# Does the interpreter the Makefile will use create venvs (with pip)?
# Skipped when .venv already works, since then we never create one.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-}"
if [[ -z "$python" ]]; then
  python="$(command -v python3.11 || command -v python3 || true)"
fi
if [[ ! -x "$repo_root/.venv/bin/python" && -n "$python" ]]; then
  tmp_venv="$(mktemp -d)"
  if ! "$python" -m venv "$tmp_venv/v" >/dev/null 2>&1; then
    wanted+=(python3-venv)
  fi
  rm -rf "$tmp_venv"
fi

missing=()
for pkg in "${wanted[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-system-deps ($profile): all ${#wanted[@]} packages present"
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  cat >&2 <<EOF
install-system-deps ($profile): missing Debian packages: ${missing[*]}
Install them as root, then re-run:
  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}
EOF
  exit 1
fi

echo "install-system-deps ($profile): installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
