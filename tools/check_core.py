#!/usr/bin/env python3
"""Checks that fbmu.core's RTL fileset lists exactly rtl/files.f, in the same order.

rtl/files.f is the compile order CMake and the lint script read; the FuseSoC core file repeats it
because CAPI2 cannot include a file list. Usage: check_core.py <fbmu.core> <rtl/files.f>
"""
import re
import sys


def files_f(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith(("#", "//")) and line != "fbmu_reg_pkg.sv":
                out.append("rtl/" + line)
    return out


def core_rtl(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^  rtl:\n    files:\n((?:      - .*\n)+)", text, re.M)
    if not m:
        return None
    return [l.strip()[2:].strip() for l in m.group(1).splitlines()]


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    core, flist = core_rtl(argv[1]), files_f(argv[2])
    if core is None:
        print(f"{argv[1]}: no 'rtl' fileset with a files list", file=sys.stderr)
        return 1
    if core != flist:
        print(f"{argv[1]} and {argv[2]} differ:\n  core:    {core}\n  files.f: {flist}",
              file=sys.stderr)
        return 1
    print(f"{argv[1]}: {len(core)} RTL files, as {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
