#!/usr/bin/env bash
# Whole-command timings on a national-scale database, with hyperfine when it is installed
# (apt-get install hyperfine), else with `time`. Usage: benches/commands.sh [YEARS] [REGS]
# It builds the release binary, generates the database with the national benchmark's generator
# kept on disk (OCOP_BENCH_KEEP), and times the commands an official or a script runs.
set -euo pipefail
cd "$(dirname "$0")/.."
years="${1:-2}"
regs="${2:-30000}"
cargo build --release --quiet
dir="$(mktemp -d)"
OCOP_BENCH_KEEP="$dir/national.db" cargo bench --quiet --bench national -- "$years" "$regs" >/dev/null
db="$dir/national.db"
ocop=target/release/ocop
commands=(
  "$ocop --db $db report summary --year 2019 --format csv"
  "$ocop --db $db report products --year 2019 --format csv"
  "$ocop --db $db report groups --year 2019 --format csv"
  "$ocop --db $db report dossiers --year 2019 --at 2019-11-15 --format csv"
  "$ocop --db $db registration list --year 2019 --search 'san pham 1' --format csv"
  "$ocop --db $db subject list --search 'chu the 7' --format csv"
)
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs 5 --output=null "${commands[@]}"
else
  for c in "${commands[@]}"; do
    echo "$c"
    ( time bash -c "$c > /dev/null" ) 2>&1 | grep real
  done
fi
rm -rf "$dir"
