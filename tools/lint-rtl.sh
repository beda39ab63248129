#!/usr/bin/env bash
# Lint the FBMU RTL three ways: Verilator -Wall, Icarus Verilog -g2012, Yosys (read + hierarchy + proc).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
gen=$(mktemp -d)
trap 'rm -rf "$gen"' EXIT
. "$root/tools/rtl-files.sh"
fbmu_rtl_files "$gen" "$root/rtl"

echo "verilator --lint-only -Wall"
verilator --lint-only -Wall "$root/rtl/lint/fbmu.vlt" "${files[@]}" --top-module fbmu_top
echo "verilator --lint-only -Wall --assert, with the assertion checkers of rtl/sva/ bound in"
sva=()
while read -r f; do
  case "$f" in "" | "#"*) continue ;; esac
  sva+=("$root/rtl/sva/$f")
done < "$root/rtl/sva/files.f"
verilator --lint-only -Wall --assert "$root/rtl/lint/fbmu.vlt" "${files[@]}" "${sva[@]}" \
  --top-module fbmu_top
echo "iverilog -g2012"
iverilog -g2012 -s fbmu_top -o "$gen/fbmu.vvp" "${files[@]}"
echo "yosys: read, hierarchy, proc (MemBytes=1024)"
yosys -q -p "read_verilog -sv ${files[*]}; chparam -set MemBytes 1024 fbmu_top; hierarchy -check -top fbmu_top; proc; opt -fast"
echo "RTL lint clean."
