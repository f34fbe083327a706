#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build, serve and test the app. Every step checks
# first, so a second run with everything installed takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else
    say "Cần quyền root để chạy: $* — hãy nhờ quản trị cài đặt rồi chạy lại."
    exit 1
  fi
}
apt_updated=no
apt_install() {
  if [ "$apt_updated" = no ]; then as_root apt-get update -qq; apt_updated=yes; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

command -v cargo >/dev/null || { say "Thiếu Rust (rustup). Cài rustup rồi chạy lại."; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Thêm target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for c in rustfmt clippy; do
  rustup component list --installed | grep -q "^$c" || rustup component add "$c"
done

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "Cài trunk $TRUNK_VERSION (khoảng 10 phút trên 2 lõi)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "Cài wasm-bindgen-cli $WASM_BINDGEN_VERSION (khớp Cargo.lock)"
  # Not --locked: its own lock file names a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v node >/dev/null || need_apt+=(nodejs)
command -v npm >/dev/null || need_apt+=(npm)
command -v gzip >/dev/null || need_apt+=(gzip)
# Screenshots show the lesson's ⭐ and ✅ like a student's browser does.
[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || need_apt+=(fonts-noto-color-emoji)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "Cài từ Debian: ${need_apt[*]}"
  apt_install "${need_apt[@]}"
fi

# playwright-core drives Debian's Chromium; binaryen brings a wasm-opt that works (Debian's
# binaryen 108 silently breaks the release build).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Cài gói npm (playwright-core, binaryen)"
  npm ci --no-audit --no-fund --loglevel=error
fi
