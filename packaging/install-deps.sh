#!/usr/bin/env bash
# Installs every Debian 12 package that building, testing and running reportsync needs.
# Idempotent: apt-get skips what is already installed. Needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake pkg-config ninja-build
  capnproto libcapnp-dev
  liblmdb-dev
  libcpp-httplib-dev libssl-dev openssl zlib1g-dev libbrotli-dev
  doctest-dev
  libsodium-dev
  libzip-dev libpugixml-dev libxlsxwriter-dev libzstd-dev
  libcairo2-dev libpango1.0-dev
  libwxgtk3.2-dev wx3.2-i18n gettext
  fonts-noto-cjk fonts-arphic-ukai fonts-liberation2
  xvfb xauth imagemagick poppler-utils xdotool
  librsvg2-bin lintian desktop-file-utils appstream systemd man-db
  python3-docx python3-openpyxl
  libreoffice-writer-nogui
  clang libclang-rt-14-dev
  libpqxx-dev postgresql
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
