#!/usr/bin/env python3
"""RTL coverage report: Verilator line and toggle coverage of rtl/, waivers applied, merged with
the gcov line coverage of model/ and driver/ into one lcov file for genhtml.

  coverage_report.py --dat merged.dat --gcov ours.info --root REPO --out DIR [--target 95]

Reads the merged Verilator coverage (verilator_coverage --write), keeps the points of files under
REPO/rtl/, splits them into line and toggle points, turns the line points into lcov records
(verilator_coverage --write-info), applies rtl/coverage-waivers.txt to the RTL lines never run,
and writes DIR/coverage.info (RTL lines + model and driver lines). Prints line and toggle
percentages per folder, every RTL line neither covered nor waived, and waivers that match no such
line. Exits 1 when the RTL line coverage (waived lines left out) is below the target or an
uncovered RTL line has no waiver.
"""
import argparse
import os
import re
import subprocess
import sys
from collections import defaultdict

POINT = re.compile(r"^C '(.*)' (\d+)\s*$")


def read_points(dat):
    """(keys dict, count, raw line) of every coverage point of a Verilator .dat file."""
    points = []
    with open(dat, encoding="latin-1") as f:
        for raw in f:
            m = POINT.match(raw)
            if not m:
                continue
            keys = {}
            for field in m.group(1).split("\x01"):
                if "\x02" in field:
                    k, v = field.split("\x02", 1)
                    keys[k] = v
            points.append((keys, int(m.group(2)), raw))
    return points


def read_waivers(path):
    """[(file name, text on the line, reason)]; '#' starts a comment line."""
    waivers = []
    if not os.path.exists(path):
        return waivers
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 3 or not all(parts):
                sys.exit(f"{path}:{n}: expected 'file | text on the line | reason'")
            waivers.append(tuple(parts))
    return waivers


def read_info(path):
    """{source file: {line: count}} of an lcov file (DA records)."""
    files, cur = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("SF:"):
                cur = files.setdefault(line[3:], {})
            elif line.startswith("DA:") and cur is not None:
                ln, cnt = line[3:].split(",")[:2]
                cur[int(ln)] = cur.get(int(ln), 0) + int(cnt)
    return files


def write_info(path, files):
    with open(path, "w", encoding="utf-8") as f:
        for sf in sorted(files):
            f.write("TN:\nSF:%s\n" % sf)
            lines = files[sf]
            for ln in sorted(lines):
                f.write("DA:%d,%d\n" % (ln, lines[ln]))
            f.write("LH:%d\nLF:%d\nend_of_record\n" % (sum(1 for c in lines.values() if c), len(lines)))


def pct(hit, total):
    return 100.0 * hit / total if total else 100.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dat", required=True)
    ap.add_argument("--gcov", help="lcov file of model/ and driver/ (gcov)")
    ap.add_argument("--root", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--target", type=float, default=95.0)
    a = ap.parse_args()
    root = os.path.realpath(a.root)
    rtl_dir = os.path.join(root, "rtl") + os.sep
    os.makedirs(a.out, exist_ok=True)

    # RTL points only (not the testbench's), split by kind.
    line_raw, toggles = [], defaultdict(lambda: [0, 0])
    header = "# SystemC::Coverage-3\n"
    for keys, count, raw in read_points(a.dat):
        f = os.path.realpath(os.path.join(root, keys.get("f", "")))
        if not f.startswith(rtl_dir):
            continue
        page = keys.get("page", "")
        if page.startswith("v_toggle"):
            t = toggles[os.path.relpath(f, root)]
            t[0] += 1 if count else 0
            t[1] += 1
        else:
            line_raw.append(raw)
    if not line_raw:
        sys.exit(f"{a.dat}: no line coverage of {rtl_dir} (was the RTL built with FBMU_RTL_COVERAGE?)")
    line_dat = os.path.join(a.out, "rtl-line.dat")
    with open(line_dat, "w", encoding="latin-1") as f:
        f.write(header)
        f.writelines(line_raw)
    rtl_info = os.path.join(a.out, "rtl-line.info")
    subprocess.run(["verilator_coverage", "--write-info", rtl_info, line_dat], check=True,
                   stdout=subprocess.DEVNULL)
    rtl = {os.path.realpath(os.path.join(root, sf)): lines for sf, lines in read_info(rtl_info).items()}

    # Waivers: an RTL line never run whose text holds the waiver's text is left out of the figure.
    waivers = read_waivers(os.path.join(root, "rtl", "coverage-waivers.txt"))
    used = [0] * len(waivers)
    waived, uncovered = [], []
    for sf in sorted(rtl):
        with open(sf, encoding="utf-8") as f:
            text = f.read().split("\n")
        rel = os.path.relpath(sf, root)
        for ln in sorted(rtl[sf]):
            if rtl[sf][ln]:
                continue
            src = text[ln - 1].strip() if ln <= len(text) else ""
            hit = [i for i, (wf, wt, _) in enumerate(waivers) if wf == os.path.basename(sf) and wt in src]
            if hit:
                used[hit[0]] += 1
                waived.append((rel, ln, src, waivers[hit[0]][2]))
                del rtl[sf][ln]
            else:
                uncovered.append((rel, ln, src))

    merged = dict(rtl)
    gcov = read_info(a.gcov) if a.gcov else {}
    merged.update(gcov)
    write_info(os.path.join(a.out, "coverage.info"), merged)

    # Figures per folder.
    folders = defaultdict(lambda: [0, 0])
    for sf, lines in merged.items():
        rel = os.path.relpath(os.path.realpath(sf), root)
        d = folders[rel.split(os.sep)[0] + "/"]
        d[0] += sum(1 for c in lines.values() if c)
        d[1] += len(lines)
    tog = [sum(t[0] for t in toggles.values()), sum(t[1] for t in toggles.values())]
    print("%-10s %-28s %s" % ("folder", "lines", "toggle"))
    for d in sorted(folders):
        h, t = folders[d]
        line = "%-10s %6.1f%% (%d of %d)" % (d, pct(h, t), h, t)
        if d == "rtl/":
            line = "%-39s %6.1f%% (%d of %d bits)" % (line, pct(*tog), tog[0], tog[1])
            line += "   %d lines waived" % len(waived)
        print(line)
    print("toggle per RTL file:")
    for f in sorted(toggles):
        print("  %-32s %6.1f%% (%d of %d)" % (f, pct(*toggles[f]), toggles[f][0], toggles[f][1]))
    for rel, ln, src, why in waived:
        print("waived    %s:%d  %s  -- %s" % (rel, ln, src, why))
    for rel, ln, src in uncovered:
        print("UNCOVERED %s:%d  %s  (needs a test or a waiver in rtl/coverage-waivers.txt)" % (rel, ln, src))
    for i, w in enumerate(waivers):
        if not used[i]:
            print("stale waiver (matches no uncovered line): %s | %s" % w[:2])
    h, t = folders["rtl/"]
    rtl_pct = pct(h, t)
    print("RTL line coverage %.1f%% (target %.0f%%), toggle coverage %.1f%%, %d uncovered lines without waiver"
          % (rtl_pct, a.target, pct(*tog), len(uncovered)))
    return 0 if rtl_pct >= a.target and not uncovered else 1


if __name__ == "__main__":
    sys.exit(main())
