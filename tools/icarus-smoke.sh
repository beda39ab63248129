#!/usr/bin/env bash
# Icarus Verilog smoke test: builds sim/icarus/fbmu_icarus_tb.sv with the RTL of rtl/files.f and
# the generated register package (iverilog -g2012) and runs it. Passes only on the testbench's PASS
# line. The testbench bounds its cycles; the wall-clock timeout (FBMU_ICARUS_TIMEOUT seconds,
# default 120) catches a livelock inside one time step, where simulated time stops.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
timeout_s=${FBMU_ICARUS_TIMEOUT:-120}
gen=$(mktemp -d)
trap 'rm -rf "$gen"' EXIT
. "$root/tools/rtl-files.sh"
fbmu_rtl_files "$gen" "$root/rtl"
files+=("$root/sim/icarus/fbmu_icarus_tb.sv")

iverilog -g2012 -Wall -Wno-timescale -s fbmu_icarus_tb -o "$gen/tb.vvp" "$@" "${files[@]}"
. "$root/tools/icarus-run.sh"
fbmu_icarus_run "$gen/tb.vvp" fbmu_icarus_tb "$timeout_s"
