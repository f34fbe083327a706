#!/usr/bin/env bash
# Release bundle size of the lesson app next to a minimal Leptos app built the same way:
# wasm, js, css, html, raw and gzip (-9), and the ratio. Budget: 350 KB gzip for a first visit.
# The labs module (labs.js, labs_bg.wasm) loads only when a lab panel nears the screen: it is
# reported on its own line, outside the first visit.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
app=target/size/app
mini=target/size/minimal
bash scripts/build-release.sh "$app" / >/dev/null
(cd tests/size/minimal && CARGO_TARGET_DIR="$PWD/../../../target/size-minimal" \
  trunk build --release --dist "../../../$mini" >/dev/null)

sizes() { # dir ext [labs] -> "raw gzip" of the first-visit files, or with "labs" of the labs module
  local raw=0 gz=0 f
  for f in "$1"/*."$2"; do
    [ -e "$f" ] || continue
    case "$(basename "$f")" in labs.js | labs_bg.wasm) [ "${3:-}" = labs ] || continue ;; *) [ "${3:-}" = labs ] && continue ;; esac
    raw=$((raw + $(stat -c %s "$f")))
    gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
  done
  echo "$raw $gz"
}
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

printf '%-6s %12s %12s %14s %14s %8s\n' "tệp" "app thô KB" "app gzip KB" "tối thiểu thô" "tối thiểu gzip" "tỉ lệ"
tot_a=0; tot_m=0
for ext in wasm js css html; do
  read -r ar ag <<<"$(sizes "$app" "$ext")"
  read -r mr mg <<<"$(sizes "$mini" "$ext")"
  tot_a=$((tot_a + ag)); tot_m=$((tot_m + mg))
  ratio=$( [ "$mg" -gt 0 ] && awk -v a="$ag" -v m="$mg" 'BEGIN { printf "%.2f×", a / m }' || echo "—")
  printf '%-6s %12s %12s %14s %14s %8s\n' "$ext" "$(kb "$ar")" "$(kb "$ag")" "$(kb "$mr")" "$(kb "$mg")" "$ratio"
done
printf '%-6s %12s %12s %14s %14s %8s\n' "tổng" "" "$(kb "$tot_a")" "" "$(kb "$tot_m")" \
  "$(awk -v a="$tot_a" -v m="$tot_m" 'BEGIN { printf "%.2f×", a / m }')"
read -r lwr lwg <<<"$(sizes "$app" wasm labs)"
read -r ljr ljg <<<"$(sizes "$app" js labs)"
printf '%-6s %12s %12s   (mô-đun phòng thí nghiệm, tải khi cuộn tới lab)\n' "labs" "$(kb $((lwr + ljr)))" "$(kb $((lwg + ljg)))"
budget=$((350 * 1024))
if [ "$tot_a" -le "$budget" ]; then
  echo "Lần tải đầu: $(kb "$tot_a") KB gzip, trong ngân sách 350 KB."
else
  echo "Lần tải đầu: $(kb "$tot_a") KB gzip, VƯỢT ngân sách 350 KB."
fi
