#!/usr/bin/env bash
# trunk build --release into DIST for hosting under PUBLIC_URL ("/" or "/sub/path/").
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
dist="$1"
public_url="${2:-/}"
trunk build --release --public-url "$public_url" --dist "$dist"
