#!/usr/bin/env bash
# Install the Debian packages the app needs, when missing.
#   scripts/system-packages.sh run   — PDF rendering: CJK fonts, Pango, HarfBuzz subsetting
#   scripts/system-packages.sh test  — the above plus Chromium for the browser tests and LibreOffice
#                                      Writer (headless) for the .docx → PDF conversion test
# As root it installs them; otherwise it prints the exact command and stops with exit 1.
set -euo pipefail

profile=${1:-run}
packages=(fonts-noto-cjk fonts-arphic-ukai libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fontconfig)
if [ "$profile" = "test" ]; then
  packages+=(chromium libreoffice-writer-nogui)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian/Ubuntu system: install the equivalents of: ${packages[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$pkg")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages. Run this, then try again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 仿宋 substitute: FandolFang ships only inside texlive-lang-chinese, whose TeX dependencies we
# do not need. Take the one font file out of the Debian package instead of installing TeX.
fandol_dir=/usr/local/share/fonts/fandol
if ! fc-list 2>/dev/null | grep FandolFang >/dev/null; then  # not -q: with pipefail, SIGPIPE would fail fc-list
  if [ "$(id -u)" -ne 0 ]; then
    echo "Optional 仿宋 font FandolFang is missing (body text falls back to Noto Serif CJK). To add it:" >&2
    echo "  sudo apt-get install -y --no-install-recommends texlive-lang-chinese && sudo fc-cache -f" >&2
  else
    echo "Installing FandolFang (仿宋 substitute) from Debian's texlive-lang-chinese"
    tmp=$(mktemp -d)
    (cd "$tmp" && apt-get download -qq texlive-lang-chinese 2>/dev/null) \
      || { apt-get update -qq && (cd "$tmp" && apt-get download -qq texlive-lang-chinese 2>/dev/null); }
    dpkg-deb -x "$tmp"/texlive-lang-chinese_*.deb "$tmp/x"
    mkdir -p "$fandol_dir"
    cp "$tmp"/x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol*.otf "$fandol_dir"/
    cp "$tmp"/x/usr/share/doc/texlive-doc/fonts/fandol/README "$fandol_dir"/README 2>/dev/null || true
    rm -rf "$tmp"
    fc-cache -f "$fandol_dir" >/dev/null
  fi
fi
