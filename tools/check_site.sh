#!/usr/bin/env bash
# Build the documentation site from the notebooks and open every page in headless Chromium. Fails when a formula
# does not typeset, a page shows TeX as text (\mathcal, \mathbf, $$, ...), or an internal link points to a page or
# heading that is not there. Saves a screenshot of each system chapter and each page with display equations under
# runs/site-check/ (git-ignored; CI keeps it as an artifact). Needs Debian's chromium: apt-get install -y chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || [ -n "${CHROMIUM:-}" ] \
  || { echo "check_site: no Chromium; install it with: apt-get install -y chromium" >&2; exit 1; }
causalrec docs --check --out "${SITE_DIR:-_site}" --shots "${SITE_SHOTS:-runs/site-check}"
