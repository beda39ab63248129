#!/usr/bin/env python3
"""FuseSoC generator: writes the register package fbmu_reg_pkg.sv from regs/fbmu_regs.toml.

FuseSoC runs it in an empty work folder with the path of a GAPI file as its argument; it writes the
package there and a core file naming it, which FuseSoC then adds to the build. The register map
stays single-sourced: nothing generated is committed.
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORE = """CAPI=2:
name: fbmu:ip:fbmu_reg_pkg:0
description: FBMU register package, generated from regs/fbmu_regs.toml
filesets:
  rtl:
    files: [fbmu_reg_pkg.sv]
    file_type: systemVerilogSource
targets:
  default:
    filesets: [rtl]
"""


def main(argv):
    if len(argv) != 2 or not os.path.isfile(argv[1]):
        print("usage: fusesoc_regpkg.py <gapi file> (run by FuseSoC)", file=sys.stderr)
        return 2
    subprocess.run([sys.executable, os.path.join(ROOT, "tools", "regtool.py"),
                    os.path.join(ROOT, "regs", "fbmu_regs.toml"), "--sv", "fbmu_reg_pkg.sv"],
                   check=True)
    with open("fbmu_reg_pkg.core", "w", encoding="utf-8") as f:
        f.write(CORE)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
