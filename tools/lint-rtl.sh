#!/usr/bin/env bash
# Lint the FBMU RTL three ways: Verilator -Wall, Icarus Verilog -g2012, Yosys (read + hierarchy + proc).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
gen=$(mktemp -d)
trap 'rm -rf "$gen"' EXIT
python3 "$root/tools/regtool.py" "$root/regs/fbmu_regs.toml" --sv "$gen/fbmu_reg_pkg.sv"
files=("$gen/fbmu_reg_pkg.sv")
while read -r f; do
  case "$f" in ""|"#"*|fbmu_reg_pkg.sv) continue ;; esac
  files+=("$root/rtl/$f")
done < "$root/rtl/files.f"

echo "verilator --lint-only -Wall"
verilator --lint-only -Wall "$root/rtl/lint/fbmu.vlt" "${files[@]}" --top-module fbmu_top
echo "iverilog -g2012"
iverilog -g2012 -s fbmu_top -o "$gen/fbmu.vvp" "${files[@]}"
echo "yosys: read, hierarchy, proc (MemBytes=1024)"
yosys -q -p "read_verilog -sv ${files[*]}; chparam -set MemBytes 1024 fbmu_top; hierarchy -check -top fbmu_top; proc; opt -fast"
echo "RTL lint clean."
