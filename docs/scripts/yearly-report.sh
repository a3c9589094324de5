#!/bin/sh
# Usage: yearly-report.sh YEAR [DATABASE]
set -eu
year="$1"
db="${2:-ocop.db}"
out="bao-cao-$year"
ocop --db "$db" --lang vi report all --year "$year" --out "$out"
ocop --db "$db" --lang vi --labels report summary --year "$year" --format xlsx --out "$out/tong-hop-$year.xlsx"
ocop --db "$db" --lang vi --labels report groups --year "$year" --format xlsx --out "$out/nhom-$year.xlsx"
echo "Báo cáo năm $year: $out"
