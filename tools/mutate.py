#!/usr/bin/env python3
"""Source mutants of the FBMU RTL (tools/mutants.toml): check, apply, and measure the kill rate.

A mutant is a named text substitution in one rtl/ file: each edit's `match` text must occur
exactly once in that file (match by text, not by line, so the list survives unrelated RTL edits;
a mutant whose text no longer matches is reported as stale, never silently skipped). Mutants are
applied to a copy of the RTL, never to rtl/ itself.

  mutate.py check  [--rtl DIR]                     every mutant matches its file once (exit 1 if not)
  mutate.py list                                   names, kinds and descriptions
  mutate.py apply NAME --out DIR [--rtl DIR]       copy the RTL to DIR with mutant NAME applied
  mutate.py run --kit KIT.json [--sample N] [--only NAME...] [--jobs N] [--work DIR]
        build each mutant (Verilator, C++ at -O0, ccache), run the kill suite on it, print
        killed / survived / score and write DIR/report.md; exit 1 on a stale or unbuildable
        mutant or a score below --min-score (90)

The CMake build uses `apply` for the deliberately broken RTL variants the lockstep tests check
(fbmu_add_sim_library(... MUTANT name), cmake/FbmuVerilate.cmake).
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MUTANTS = ROOT / "tools" / "mutants.toml"
DEFAULT_RTL = ROOT / "rtl"
KINDS = {"comparison", "off-by-one", "inverted", "stuck", "dropped", "width", "operand",
         "bug-variant"}


class MutantError(Exception):
    """A malformed mutants file or a mutant that does not apply."""


def load(path):
    """The mutants file as (suite settings, list of mutants), validated."""
    try:
        data = tomllib.loads(Path(path).read_text())
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise MutantError(f"{path}: {e}") from e
    suite = data.get("suite", {})
    mutants = data.get("mutant", [])
    if not mutants:
        raise MutantError(f"{path}: no [[mutant]] entries")
    seen = set()
    for i, m in enumerate(mutants):
        where = f"{path}: mutant #{i + 1}"
        for key in ("name", "file", "kind", "what"):
            if not isinstance(m.get(key), str) or not m[key]:
                raise MutantError(f"{where}: missing or empty '{key}'")
        where = f"{path}: mutant {m['name']}"
        if m["name"] in seen:
            raise MutantError(f"{where}: name used twice")
        seen.add(m["name"])
        if m["kind"] not in KINDS:
            raise MutantError(f"{where}: kind '{m['kind']}' is not one of {sorted(KINDS)}")
        if "edit" in m:
            if "match" in m or "replace" in m:
                raise MutantError(f"{where}: give either match/replace or [[mutant.edit]] entries")
            edits = m["edit"]
        else:
            edits = [{"match": m.get("match"), "replace": m.get("replace")}]
        for e in edits:
            if not isinstance(e.get("match"), str) or not e["match"]:
                raise MutantError(f"{where}: an edit has no 'match' text")
            if not isinstance(e.get("replace"), str) or e["replace"] == e["match"]:
                raise MutantError(f"{where}: an edit has no 'replace' text differing from 'match'")
        m["edits"] = edits
    return suite, mutants


def mutate_text(m, text):
    """The file text with mutant m applied; MutantError when an edit does not match exactly once."""
    for e in m["edits"]:
        n = text.count(e["match"])
        if n != 1:
            first = e["match"].strip().splitlines()[0]
            raise MutantError(f"mutant {m['name']}: '{first}' occurs {n} times in {m['file']} "
                              f"(must be exactly once)")
        text = text.replace(e["match"], e["replace"])
    return text


def stale(mutants, rtl):
    """(name, reason) for every mutant that no longer applies to the RTL in rtl."""
    out = []
    for m in mutants:
        f = Path(rtl) / m["file"]
        if not f.is_file():
            out.append((m["name"], f"{m['file']} not found in {rtl}"))
            continue
        try:
            mutate_text(m, f.read_text())
        except MutantError as e:
            out.append((m["name"], str(e)))
    return out


def apply(m, rtl, out):
    """Copy the RTL folder to out with mutant m applied (out is replaced)."""
    rtl, out = Path(rtl), Path(out)
    text = mutate_text(m, (rtl / m["file"]).read_text())
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(rtl, tmp, ignore=shutil.ignore_patterns("README.md"))
    (tmp / m["file"]).write_text(text)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)


def sample(mutants, n):
    """n mutants chosen deterministically (by a hash of the name), in file order."""
    ranked = sorted(mutants, key=lambda m: hashlib.sha256(m["name"].encode()).hexdigest())
    keep = {m["name"] for m in ranked[:n]}
    return [m for m in mutants if m["name"] in keep]


# ---- Kill loop ------------------------------------------------------------------------------------

def rtl_sources(kit, rtl):
    """The RTL sources of files.f (in its order) under rtl, without the generated package."""
    out = []
    for line in (Path(rtl) / "files.f").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "//")) or line == "fbmu_reg_pkg.sv":
            continue
        out.append(str(Path(rtl) / line))
    return [kit["regs_sv"]] + out


def run_timed(cmd, log, env, timeout=None):
    """Run cmd with its output in log: (exit status or None on timeout, CPU seconds it used)."""
    with open(log, "w") as f:
        proc = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)
        fired = []

        def kill():
            fired.append(True)
            os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
        if timer:
            timer.cancel()
    cpu = usage.ru_utime + usage.ru_stime
    return (None if fired else proc.returncode), cpu


def build(kit, rtl, mdir, log, opt="-O0"):
    """Verilate and compile the kill-suite program against the RTL in rtl. True when it built."""
    shutil.rmtree(mdir, ignore_errors=True)
    cmd = ["verilator", "--cc", "--exe", "--build", "-j", "1", "--prefix", "Vfbmu_tb",
           "--top-module", "fbmu_tb", "--trace-fst", "-O0", "--assert", "--x-assign", "fast",
           "--x-initial", "fast", "-Wno-fatal", "-Wno-lint", "-Wno-style", "-Mdir", str(mdir),
           "-o", "kill-suite", "-CFLAGS", " ".join("-I" + i for i in kit["include_dirs"]),
           "-MAKEFLAGS", f"OPT_FAST={opt} OPT_SLOW=-O0 OPT_GLOBAL={opt}"]
    cmd += kit["waivers"] + rtl_sources(kit, rtl) + kit["tb_sources"] + kit["harness_sources"]
    cmd += kit["objects"] + kit["libraries"]
    env = dict(os.environ)
    if shutil.which("ccache"):
        env["OBJCACHE"] = "ccache"
        env.setdefault("CCACHE_BASEDIR", str(ROOT.parent))
    rc, cpu = run_timed(cmd, log, env)
    return rc == 0, cpu


def kill_suite(suite, exe, log):
    """Run the kill suite on exe: (status, killing test or '', CPU seconds)."""
    timeout = int(suite.get("timeout", 120))
    env = dict(os.environ, FBMU_LOCKSTEP_OPS=str(suite.get("lockstep_ops", 2000)))
    cmd = [str(exe), "--gtest_fail_fast", "--gtest_filter=" + suite.get("gtest_filter", "*")]
    rc, cpu = run_timed(cmd, log, env, timeout)
    if rc is None:
        return "killed", f"timeout after {timeout} s", cpu
    if rc == 0:
        return "survived", "", cpu
    out = Path(log).read_text(errors="replace").splitlines()
    failed = [l.split("]", 1)[1].split()[0] for l in out if l.startswith("[  FAILED  ]")]
    return "killed", (failed[0] if failed else f"exit status {rc}"), cpu


# The unmutated RTL: the kill suite must pass on it, or every mutant would look killed.
BASELINE = {"name": "baseline", "file": "-", "kind": "-", "what": "the RTL as it is", "edits": []}


def run_one(kit, suite, m, work, slot):
    """Build mutant m in work/<slot> and run the kill suite: a result dict."""
    t0 = time.monotonic()
    wdir = Path(work) / f"slot{slot}"
    logs = Path(work) / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    res = {"name": m["name"], "file": m["file"], "kind": m["kind"], "what": m["what"]}
    try:
        if m is BASELINE:
            shutil.rmtree(wdir / "rtl", ignore_errors=True)
            shutil.copytree(kit["rtl_dir"], wdir / "rtl")
        else:
            apply(m, kit["rtl_dir"], wdir / "rtl")
    except MutantError as e:
        res.update(status="stale", by=str(e), secs=0.0)
        return res
    built, res["build_cpu"] = build(kit, wdir / "rtl", wdir / "obj", logs / f"{m['name']}.build.log",
                                    suite.get("cxx_opt", "-O0"))
    res["build_secs"] = time.monotonic() - t0
    if not built:
        res.update(status="stillborn", by=f"build failed: {logs / (m['name'] + '.build.log')}")
    else:
        status, by, res["test_cpu"] = kill_suite(suite, wdir / "obj" / "kill-suite",
                                                 logs / f"{m['name']}.test.log")
        res.update(status=status, by=by)
    res["secs"] = time.monotonic() - t0
    if res["status"] == "survived" and m.get("equivalent"):
        res["status"], res["by"] = "equivalent", m["equivalent"]
    elif res["status"] == "survived" and m.get("survives"):
        res["by"] = m["survives"]
    return res


def report(results, elapsed, out):
    """Print and write the summary; the score counts equivalent mutants out."""
    count = {k: sum(r["status"] == k for r in results)
             for k in ("killed", "survived", "equivalent", "stale", "stillborn")}
    scored = count["killed"] + count["survived"]
    score = 100.0 * count["killed"] / scored if scored else 0.0
    lines = ["| Mutant | Kind | File | What | Result | Killed by / reason | Wall s | Build CPU s "
             "| Tests CPU s |", "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['name']} | {r['kind']} | {r['file']} | {r['what']} | {r['status']} | "
                     f"{r.get('by', '')} | {r.get('secs', 0):.0f} | {r.get('build_cpu', 0):.0f} | "
                     f"{r.get('test_cpu', 0):.0f} |")
    built = [r for r in results if "test_cpu" in r]
    if built:
        per = [r["build_cpu"] + r["test_cpu"] for r in built]
        cpu_line = (f"CPU per mutant (build + kill suite): mean {sum(per) / len(per):.0f} s, "
                    f"max {max(per):.0f} s")
    else:
        cpu_line = ""
    summary = (f"mutants: {len(results)}  killed: {count['killed']}  survived: "
               f"{count['survived']}  equivalent: {count['equivalent']}  stale: {count['stale']}  "
               f"stillborn: {count['stillborn']}  score: {count['killed']}/{scored} = {score:.1f}%  "
               f"time: {elapsed:.0f} s")
    Path(out).write_text("\n".join(lines + ["", summary, cpu_line, ""]))
    for r in results:
        if r["status"] != "killed":
            print(f"  {r['status'].upper():10} {r['name']}: {r['what']} -- {r.get('by', '')}")
    print(summary)
    if cpu_line:
        print(cpu_line)
    print(f"report: {out}")
    return count, score


def cmd_run(a):
    suite, mutants = load(a.mutants)
    kit = json.loads(Path(a.kit).read_text())
    for key, value in kit.items():  # an empty CMake list gives [""]
        if isinstance(value, list):
            kit[key] = [v for v in value if v]
    if a.only:
        names = {m["name"] for m in mutants}
        unknown = [n for n in a.only if n not in names]
        if unknown:
            raise MutantError(f"unknown mutant(s): {', '.join(unknown)}")
        mutants = [m for m in mutants if m["name"] in a.only]
    elif a.sample:
        mutants = sample(mutants, a.sample)
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    print(f"{len(mutants)} mutants, kill suite: {suite.get('gtest_filter', '*')} "
          f"(lockstep ops {suite.get('lockstep_ops', 2000)}), {a.jobs} at a time", flush=True)
    t0 = time.monotonic()
    base = run_one(kit, suite, BASELINE, work, 0)
    print(f"baseline (unmutated RTL): {base['status']} ({base.get('secs', 0):.0f} s, CPU "
          f"{base.get('build_cpu', 0):.0f} + {base.get('test_cpu', 0):.0f} s) {base.get('by', '')}",
          flush=True)
    if base["status"] != "survived":
        raise MutantError("the kill suite does not pass on the unmutated RTL; see "
                          f"{work / 'logs' / 'baseline.test.log'} (or .build.log)")
    results = [None] * len(mutants)
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        free = list(range(a.jobs))
        futs = {}
        pending = list(enumerate(mutants))
        while pending or futs:
            while pending and free:
                i, m = pending.pop(0)
                slot = free.pop()
                futs[pool.submit(run_one, kit, suite, m, work, slot)] = (i, slot)
            done, _ = concurrent.futures.wait(futs, return_when=concurrent.futures.FIRST_COMPLETED)
            for f in done:
                i, slot = futs.pop(f)
                free.append(slot)
                r = results[i] = f.result()
                print(f"[{sum(x is not None for x in results):3}/{len(mutants)}] {r['status']:10} "
                      f"{r['name']} ({r.get('secs', 0):.0f} s, CPU {r.get('build_cpu', 0):.0f} + "
                      f"{r.get('test_cpu', 0):.0f} s) {r.get('by', '')}", flush=True)
    count, score = report(results, time.monotonic() - t0, work / "report.md")
    if count["stale"] or count["stillborn"]:
        print("FAIL: stale or unbuildable mutants (fix their text in the mutants file)")
        return 1
    if score < a.min_score:
        print(f"FAIL: score {score:.1f}% is below {a.min_score}%")
        return 1
    return 0


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--mutants", default=str(DEFAULT_MUTANTS), help="mutants file (TOML)")
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="every mutant applies to the RTL")
    c.add_argument("--rtl", default=str(DEFAULT_RTL))
    sub.add_parser("list", help="list the mutants")
    ap = sub.add_parser("apply", help="copy the RTL with one mutant applied")
    ap.add_argument("name")
    ap.add_argument("--rtl", default=str(DEFAULT_RTL))
    ap.add_argument("--out", required=True)
    r = sub.add_parser("run", help="build each mutant and run the kill suite")
    r.add_argument("--kit", required=True, help="kill-suite kit (build/tests/mutate/kit.json)")
    r.add_argument("--work", default="build/mutate", help="work folder (logs, report.md)")
    r.add_argument("--sample", type=int, default=0, help="a deterministic sample of N mutants")
    r.add_argument("--only", nargs="+", help="these mutants only")
    r.add_argument("--jobs", type=int, default=1, help="mutants built and run side by side")
    r.add_argument("--min-score", type=float, default=90.0,
                   help="fail below this percentage of killed mutants (equivalent ones excluded)")
    a = p.parse_args(argv)
    try:
        suite, mutants = load(a.mutants)
        if a.cmd == "check":
            bad = stale(mutants, a.rtl)
            for name, why in bad:
                print(f"STALE {name}: {why}")
            print(f"{len(mutants) - len(bad)} of {len(mutants)} mutants apply to {a.rtl}")
            return 1 if bad else 0
        if a.cmd == "list":
            for m in mutants:
                print(f"{m['name']:40} {m['kind']:12} {m['file']:22} {m['what']}")
            return 0
        if a.cmd == "apply":
            found = [m for m in mutants if m["name"] == a.name]
            if not found:
                raise MutantError(f"no mutant named '{a.name}' in {a.mutants}")
            apply(found[0], a.rtl, a.out)
            return 0
        return cmd_run(a)
    except MutantError as e:
        print(f"mutate.py: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
