#!/usr/bin/env bash
# Serves the app with live reload on loopback and prints the address.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
port="${PORT:-8080}"
printf '\n  Bài học đang chạy tại: http://127.0.0.1:%s/\n  (Ctrl+C để dừng; trang tự tải lại khi bạn sửa mã)\n\n' "$port"
exec trunk serve --port "$port"
