# Shared set-up for scripts/run and scripts/test: install what is missing, quickly
# skip what is already there. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

# Debian packages the build and the tests need.
#   zlib1g-dev, libssl-dev: compression and TLS headers for the Swift server stack
#   libqrencode-dev:        QR codes for the board's join link
#   chromium, chromium-driver, zbar-tools: browser tests and QR decoding
#   sqlite3:                tests inspect the store file as an operator would
#   poppler-utils:          pdftotext and pdftoppm read the printed report (test_report.py)
#   systemd:                systemd-analyze verifies the unit scripts/install writes (test_install.py)
#   openssl:                test certificates for HTTPS (test_tls.py)
#   postgresql, nginx:      the PostgreSQL store suite and the two-instance cluster behind a
#                           proxy (scripts/cluster, test_cluster.py); both run as throwaway
#                           processes of their own, never as the services Debian may start
SYSTEM_PACKAGES_RUN=(zlib1g-dev libssl-dev libqrencode-dev)
SYSTEM_PACKAGES_TEST=(chromium chromium-driver zbar-tools sqlite3 poppler-utils python3-venv systemd openssl postgresql nginx)

log() { printf '==> %s\n' "$*" >&2; }

ensure_system_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_swift() {
    command -v swift >/dev/null || { echo "Swift 6 is required: https://www.swift.org/install" >&2; exit 1; }
}

# The Python venv for end-to-end and browser tests, refreshed when requirements change.
ensure_venv() {
    local requirements="$ROOT/Tests/e2e/requirements.txt"
    local stamp="$ROOT/.venv/.requirements.sha"
    local want
    want="$(sha256sum "$requirements" | cut -d' ' -f1)"
    if [ -x "$ROOT/.venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then return 0; fi
    log "preparing the Python venv (.venv)"
    python3 -m venv "$ROOT/.venv"
    "$ROOT/.venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
    # Only for the axe-core 4 script it carries (Tests/e2e/test_a11y.py runs it in Selenium):
    # without --no-deps it would pull Playwright, which the tests do not use.
    "$ROOT/.venv/bin/pip" install -q --disable-pip-version-check --no-deps axe-playwright-python==0.1.8
    echo "$want" >"$stamp"
}
