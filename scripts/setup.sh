#!/usr/bin/env bash
# Sets everything up on a fresh Debian machine: system packages (tesseract with French and Arabic,
# fonts: Noto and DejaVu, which the cover sheet's PDF embeds), a virtual environment in .venv with the project and its test tools, compiled catalogs.
# Sourced by scripts/run and scripts/test; safe to run again (it only does what is missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

APT_PACKAGES=(python3-venv tesseract-ocr tesseract-ocr-fra tesseract-ocr-ara tesseract-ocr-osd libfribidi0
              fonts-dejavu-core fonts-hosny-amiri fonts-noto-core)

missing_apt() {
    local missing=()
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    echo "${missing[@]:-}"
}

if command -v dpkg-query >/dev/null 2>&1; then
    missing=$(missing_apt)
    if [ -n "$missing" ]; then
        if [ "$(id -u)" = 0 ]; then
            echo "==> Installing system packages: $missing"
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -qq
            # shellcheck disable=SC2086
            apt-get install -y -qq --no-install-recommends $missing >/dev/null
        else
            echo "==> Missing system packages: $missing"
            echo "    Install them as root:  sudo apt-get install $missing"
            echo "    (document recognition needs tesseract with French and Arabic)"
        fi
    fi
fi

PYTHON=${PYTHON:-python3}
"$PYTHON" - <<'PY' || { echo "Python 3.11 or newer is needed (set PYTHON=...)"; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

if [ ! -x .venv/bin/python ]; then
    echo "==> Creating the virtual environment .venv"
    "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "==> Installing the project and its dependencies"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[test,dev]"
    touch "$stamp"
fi
echo "==> Compiling the translations"
.venv/bin/pybabel compile -d locales -D messages >/dev/null
