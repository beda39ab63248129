# Sourced by the RTL scripts (lint-rtl.sh, icarus-smoke.sh, synth.sh): the one reader of
# rtl/files.f. fbmu_rtl_files GEN_DIR RTL_DIR writes the register package into GEN_DIR and sets the
# array `files` to it followed by the RTL of RTL_DIR/files.f, in compile order.
fbmu_rtl_files() {
  local gen=$1 rtl=$2 root f
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  python3 "$root/tools/regtool.py" "$root/regs/fbmu_regs.toml" --sv "$gen/fbmu_reg_pkg.sv"
  files=("$gen/fbmu_reg_pkg.sv")
  while read -r f; do
    case "$f" in "" | "#"* | fbmu_reg_pkg.sv) continue ;; esac
    files+=("$rtl/$f")
  done < "$rtl/files.f"
}
