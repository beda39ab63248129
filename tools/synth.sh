#!/usr/bin/env bash
# Synthesis figures of fbmu_top with Yosys (generic gates): cells, flip-flops and the longest
# combinational path, for the default configuration and the 64-slot one (make synth).
# Usage: tools/synth.sh [SLOTS:MEM_BYTES ...]   (default: 16:131072 64:1048576)
# The RAM arrays stay $mem cells (memory -nomap); see tools/synth.ys.in. Environment: SYNTH_RTL=<dir>
# synthesises another copy of rtl/ (files.f read from there, e.g. an older design for comparison);
# SYNTH_KEEP=<dir> keeps each run's stat, ltp and log.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rtl=${SYNTH_RTL:-$root/rtl}
. "$root/tools/rtl-files.sh"
fbmu_rtl_files "$work" "$rtl"

configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=(16:131072 64:1048576)

printf '%-32s %8s %10s %5s %5s %8s %8s\n' "configuration" "cells" "flip-flops" "RAMs" "ltp" "CPU s" "MB peak"
for cfg in "${configs[@]}"; do
  slots=${cfg%%:*}
  mem=${cfg##*:}
  out="$work/s${slots}_m${mem}"
  sed -e "s|@FILES@|${files[*]}|" -e "s|@MEM_BYTES@|$mem|" -e "s|@LEASE_SLOTS@|$slots|" \
      -e "s|@OUT@|$out|g" "$root/tools/synth.ys.in" > "$out.ys"
  echo "yosys: LeaseSlots=$slots MemBytes=$mem ..." >&2
  if ! yosys -q -l "$out.log" -s "$out.ys" >/dev/null; then
    echo "yosys failed for $cfg; log:" >&2
    tail -n 20 "$out.log" >&2
    exit 1
  fi
  # "End of script. ..., CPU: user 338.80s system 4.21s, MEM: 3922.47 MB peak"
  cpu=$(sed -n 's/^End of script.*CPU: user \([0-9.]*\)s system \([0-9.]*\)s.*/\1 \2/p' "$out.log" |
        awk '{printf "%.0f", $1 + $2}')
  peak=$(sed -n 's/^End of script.*MEM: \([0-9.]*\) MB peak.*/\1/p' "$out.log" | awk '{printf "%.0f", $1}')
  # stat: "Number of cells: N" and one line per cell type ("$_DFF_PN0_  123").
  cells=$(awk '/Number of cells:/ {print $4; exit}' "$out.stat")
  ffs=$(awk '$1 ~ /^\$_(S?DFFE?|DFFSRE?|ALDFFE?|DLATCH)/ {n += $2} END {print n + 0}' "$out.stat")
  rams=$(awk '$1 == "$mem_v2" {n += $2} END {print n + 0}' "$out.stat")
  ltp=$(sed -n 's/^Longest topological path.*(length=\([0-9]*\)).*/\1/p' "$out.ltp" | head -n 1)
  printf '%-32s %8s %10s %5s %5s %8s %8s\n' "LeaseSlots=$slots MemBytes=$mem" "$cells" "$ffs" \
    "$rams" "$ltp" "$cpu" "$peak"
  if [ -n "${SYNTH_KEEP:-}" ]; then
    mkdir -p "$SYNTH_KEEP"
    cp "$out.stat" "$out.ltp" "$out.log" "$SYNTH_KEEP/"
  fi
done
echo "cells: generic gates after abc plus flip-flops and RAMs; flip-flops: single-bit \$_*DFF*_ cells;"
echo "RAMs: \$mem_v2 cells (arena, STAGING); ltp: gates on the longest path between flip-flops, RAM"
echo "ports and pins (yosys ltp -noff); adders and comparators are Yosys's Brent-Kung parallel-prefix"
echo "carries (techmap.v), restructured by abc; CPU s: yosys user + system time."
