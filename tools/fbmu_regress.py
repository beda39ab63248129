#!/usr/bin/env python3
"""fbmu-regress: the lockstep regression at CI scale.

Runs `fbmu-cosim` over N seeds x M ops in JOBS worker processes, one seed per process, and writes:
  <out>/results/seed<N>.json   one record per seed (pass/fail, figures, report); a rerun skips
                               seeds that already passed (resume), unless --fresh
  <out>/junit.xml              one JUnit test case per seed; failures carry the divergence report
                               and the failure bundle's path
  <out>/summary.md, .html      totals and every failure with the command that reproduces it
  <out>/failures/seed<N>/      the failure bundle fbmu-cosim writes on a divergence
  <out>/coverage.json          the functional coverage bins merged over the seeds (a bin's hits
                               summed); --require-coverage fails the run when a bin has none

--shard K/N runs the K-th of N slices of the seeds (seed i belongs to slice i mod N), so a CI matrix
or a cluster spreads one regression over many machines; --merge DIR... combines their result
folders into one JUnit file and one summary. Standard library only.
"""

import argparse
import concurrent.futures
import html
import json
import os
import re
import shlex
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

PROFILES = {
    # name: (seeds, ops per seed)
    "ci": (20, 20000),
    "nightly": (100, 100000),
    "smoke": (4, 500),
}

SUMMARY_FIELDS = {
    "ops": re.compile(r"^\s*ops\s+(\d+) of (\d+)", re.M),
    "cycles": re.compile(r"^\s*cycles\s+(\d+)", re.M),
    "wall": re.compile(r"^\s*wall seconds\s+([0-9.]+)", re.M),
    "mismatches": re.compile(r"^\s*mismatches\s+(\d+)", re.M),
}
REPRODUCE = re.compile(r"^(reproduce|replay|waves):\s+(.*)$", re.M)


def parse_shard(text):
    m = re.fullmatch(r"(\d+)/(\d+)", text or "")
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise argparse.ArgumentTypeError(f"--shard wants K/N with 1 <= K <= N, got {text!r}")
    return int(m.group(1)), int(m.group(2))


def seeds_for(first, count, shard):
    k, n = shard
    return [first + i for i in range(count) if i % n == k - 1]


def result_path(out, seed):
    return os.path.join(out, "results", f"seed{seed}.json")


def load_result(path):
    try:
        with open(path, encoding="utf-8") as f:
            rec = json.load(f)
    except (OSError, ValueError):
        return None
    if not isinstance(rec, dict) or "seed" not in rec or "status" not in rec:
        return None
    return rec


def write_atomic(path, text):
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def run_seed(cosim, seed, ops, out, timeout, extra):
    """One fbmu-cosim process; returns the seed's record (also written to results/)."""
    bundle = os.path.join(out, "failures", f"seed{seed}")
    cov = os.path.join(out, "results", f"seed{seed}.coverage.json")
    cmd = [cosim, "--seed", str(seed), "--ops", str(ops), "--quiet", "--bundle-dir", bundle,
           "--coverage", cov] + extra
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=timeout, check=False)
        text, rc = proc.stdout, proc.returncode
    except subprocess.TimeoutExpired as e:
        text = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        text += f"\nfbmu-regress: killed after {timeout} s (no answer within the bound)\n"
        rc = -1
    wall = time.monotonic() - start
    rec = {"seed": seed, "ops_asked": ops, "rc": rc, "wall": round(wall, 3),
           "command": " ".join(shlex.quote(c) for c in cmd[:5])}
    for key, rx in SUMMARY_FIELDS.items():
        m = rx.search(text)
        if m:
            rec[key] = float(m.group(1)) if key == "wall" else int(m.group(1))
    try:
        with open(cov, encoding="utf-8") as f:
            rec["coverage"] = json.load(f)["bins"]
        os.remove(cov)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    if rc == 0 and rec.get("mismatches", 1) == 0:
        rec["status"] = "pass"
    else:
        rec["status"] = "fail"
        report = text[text.find("LOCKSTEP DIVERGENCE"):] if "LOCKSTEP DIVERGENCE" in text else text
        rec["report"] = report[-20000:]
        rec["reproduce"] = {k: v.strip() for k, v in REPRODUCE.findall(text)}
        rec["bundle"] = bundle if os.path.isdir(bundle) else None
    write_atomic(result_path(out, seed), json.dumps(rec, indent=1) + "\n")
    return rec


def fmt_secs(s):
    s = int(max(0, s))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def progress(done, total, fails, ops, t0, stream):
    """One line, redrawn in place on a terminal; in a CI log, a line about every tenth seed."""
    tty = stream.isatty()
    if not tty and done != total and done % max(1, total // 10):
        return
    el = time.monotonic() - t0
    rate = ops / el if el > 0 else 0.0
    left = (total - done) * (el / done) if done else 0.0
    head, tail = ("\r", "   ") if tty else ("", "\n")
    stream.write(f"{head}[{done}/{total} seeds] failures {fails}  {rate:,.0f} ops/s  "
                 f"elapsed {fmt_secs(el)}  left {fmt_secs(left)}{tail}")
    stream.flush()


def junit(records, name):
    suite = ET.Element("testsuite", name=name, tests=str(len(records)),
                       failures=str(sum(r["status"] == "fail" for r in records)),
                       time=f"{sum(r.get('wall', 0) for r in records):.3f}")
    for r in records:
        case = ET.SubElement(suite, "testcase", classname=f"{name}.lockstep",
                             name=f"seed{r['seed']}", time=f"{r.get('wall', 0):.3f}")
        out = [f"command: {r.get('command', '')}",
               f"ops {r.get('ops', '?')}, cycles {r.get('cycles', '?')}"]
        if r["status"] == "fail":
            first = (r.get("report") or "").strip().splitlines()
            msg = first[0] if first else f"exit status {r.get('rc')}"
            body = r.get("report", "")
            if r.get("bundle"):
                body += f"\nfailure bundle: {r['bundle']}\n"
            for k, v in r.get("reproduce", {}).items():
                body += f"{k}: {v}\n"
            fail = ET.SubElement(case, "failure", message=msg, type="LockstepDivergence")
            fail.text = body
        ET.SubElement(case, "system-out").text = "\n".join(out) + "\n"
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def summaries(records, name, wall):
    fails = [r for r in records if r["status"] == "fail"]
    ops = sum(r.get("ops", 0) for r in records)
    cycles = sum(r.get("cycles", 0) for r in records)
    verdict = "PASS" if not fails else "FAIL"
    md = [f"# {name}: {verdict}", "",
          "| seeds | failures | ops | cycles | wall seconds |", "|---|---|---|---|---|",
          f"| {len(records)} | {len(fails)} | {ops} | {cycles} | {wall:.1f} |", ""]
    hl = [f"<!doctype html><meta charset=utf-8><title>{html.escape(name)}</title>",
          f"<h1>{html.escape(name)}: {verdict}</h1>",
          "<table border=1><tr><th>seeds<th>failures<th>ops<th>cycles<th>wall seconds",
          f"<tr><td>{len(records)}<td>{len(fails)}<td>{ops}<td>{cycles}<td>{wall:.1f}</table>"]
    if fails:
        md += ["## Failures", ""]
        hl += ["<h2>Failures</h2>"]
    for r in fails:
        rep = r.get("reproduce", {})
        cmd = rep.get("reproduce") or r.get("command", "")
        first = ((r.get("report") or "").strip().splitlines() or [""])[0]
        md += [f"### seed {r['seed']}", "", first, "", "```", f"reproduce: {cmd}"]
        md += [f"{k}: {v}" for k, v in rep.items() if k != "reproduce"]
        md += ["```", f"bundle: `{r.get('bundle')}`", ""]
        hl += [f"<h3>seed {r['seed']}</h3><p>{html.escape(first)}</p><pre>"
               f"reproduce: {html.escape(cmd)}\n"
               + "".join(f"{html.escape(k)}: {html.escape(v)}\n"
                         for k, v in rep.items() if k != "reproduce")
               + f"</pre><p>bundle: <code>{html.escape(str(r.get('bundle')))}</code></p>"]
    return "\n".join(md) + "\n", "\n".join(hl) + "\n"


def merge_coverage(records):
    """Bin name -> hits summed over the records that carry coverage; None when none does."""
    bins = None
    for r in records:
        cov = r.get("coverage")
        if not isinstance(cov, dict):
            continue
        bins = bins or {}
        for k, v in cov.items():
            bins[k] = bins.get(k, 0) + int(v)
    return bins


def coverage_lines(bins):
    if bins is None:
        return ["functional coverage: no seed reported its bins"]
    missed = sorted(k for k, v in bins.items() if v == 0)
    lines = [f"functional coverage: {len(bins) - len(missed)} of {len(bins)} bins hit"]
    lines += [f"  not hit: {k}" for k in missed]
    return lines


def write_reports(out, records, name, wall):
    records = sorted(records, key=lambda r: r["seed"])
    bins = merge_coverage(records)
    if bins is not None:
        write_atomic(os.path.join(out, "coverage.json"),
                     json.dumps({"bins": bins, "hit": sum(v > 0 for v in bins.values()),
                                 "total": len(bins)}, indent=1) + "\n")
    write_atomic(os.path.join(out, "junit.xml"), junit(records, name))
    md, hl = summaries(records, name, wall)
    md += "\n" + "\n".join(coverage_lines(bins)) + "\n"
    hl += "<pre>" + html.escape("\n".join(coverage_lines(bins))) + "</pre>\n"
    write_atomic(os.path.join(out, "summary.md"), md)
    write_atomic(os.path.join(out, "summary.html"), hl)
    return records


def coverage_ok(args, records):
    """Prints the merged coverage; False when --require-coverage and a bin was never hit."""
    bins = merge_coverage(records)
    for line in coverage_lines(bins):
        print(line)
    if not args.require_coverage:
        return True
    if bins is None or any(v == 0 for v in bins.values()):
        print("fbmu-regress: --require-coverage: not every functional coverage bin was hit",
              file=sys.stderr)
        return False
    return True


def cmd_merge(args):
    records = {}
    for d in args.merge:
        rdir = os.path.join(d, "results")
        if not os.path.isdir(rdir):
            print(f"fbmu-regress: {d}: no results/ folder (not a regression output)", file=sys.stderr)
            return 2
        for fn in sorted(os.listdir(rdir)):
            if not fn.endswith(".json"):
                continue
            rec = load_result(os.path.join(rdir, fn))
            if rec is None:
                print(f"fbmu-regress: {os.path.join(rdir, fn)}: malformed result record",
                      file=sys.stderr)
                return 2
            if rec["seed"] in records and records[rec["seed"]]["status"] != rec["status"]:
                print(f"fbmu-regress: seed {rec['seed']} differs between shards; keeping the failure",
                      file=sys.stderr)
            if rec["seed"] not in records or rec["status"] == "fail":
                records[rec["seed"]] = rec
    os.makedirs(os.path.join(args.out, "results"), exist_ok=True)
    for rec in records.values():
        write_atomic(result_path(args.out, rec["seed"]), json.dumps(rec, indent=1) + "\n")
    recs = write_reports(args.out, list(records.values()), args.name,
                         sum(r.get("wall", 0) for r in records.values()))
    fails = sum(r["status"] == "fail" for r in recs)
    print(f"merged {len(args.merge)} result folders: {len(recs)} seeds, {fails} failures -> "
          f"{args.out}/junit.xml, summary.md, summary.html")
    return 1 if fails or not coverage_ok(args, recs) else 0


def cmd_run(args):
    seeds_n, ops = PROFILES[args.profile]
    seeds_n = args.seeds if args.seeds is not None else seeds_n
    ops = args.ops if args.ops is not None else ops
    if seeds_n < 1 or ops < 1 or args.jobs < 1:
        print("fbmu-regress: --seeds, --ops and --jobs must be >= 1", file=sys.stderr)
        return 2
    if not (os.path.isfile(args.cosim) and os.access(args.cosim, os.X_OK)):
        print(f"fbmu-regress: {args.cosim}: not an executable fbmu-cosim (build it first)",
              file=sys.stderr)
        return 2
    out = args.out or os.path.join("build", "regress", args.profile)
    os.makedirs(os.path.join(out, "results"), exist_ok=True)
    seeds = seeds_for(args.first_seed, seeds_n, args.shard)
    records, todo = [], []
    for s in seeds:
        rec = None if args.fresh else load_result(result_path(out, s))
        if rec and rec["status"] == "pass" and rec.get("ops_asked") == ops:
            records.append(rec)
        else:
            todo.append(s)
    k, n = args.shard
    print(f"fbmu-regress: profile {args.profile}, {len(seeds)} seeds x {ops} ops"
          f"{f', shard {k}/{n}' if n > 1 else ''}, {args.jobs} jobs, "
          f"{len(records)} already passed (resume), {len(todo)} to run -> {out}", flush=True)
    t0 = time.monotonic()
    fails, ops_done = 0, 0
    tty = sys.stderr
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futs = [pool.submit(run_seed, args.cosim, s, ops, out, args.timeout, args.cosim_arg)
                for s in todo]
        for i, fut in enumerate(concurrent.futures.as_completed(futs), 1):
            rec = fut.result()
            records.append(rec)
            ops_done += rec.get("ops", 0)
            if rec["status"] == "fail":
                fails += 1
                tty.write(f"\nseed {rec['seed']}: FAIL  "
                          f"{rec.get('reproduce', {}).get('reproduce', rec['command'])}\n")
            progress(i, len(todo), fails, ops_done, t0, tty)
    if todo and tty.isatty():
        tty.write("\n")
    wall = time.monotonic() - t0
    recs = write_reports(out, records, args.name or f"fbmu-regress.{args.profile}", wall)
    total_fail = sum(r["status"] == "fail" for r in recs)
    print(f"fbmu-regress: {len(recs)} seeds, {total_fail} failures, {ops_done} ops run in "
          f"{wall:.1f} s ({ops_done / wall if wall > 0 else 0:,.0f} ops/s)")
    print(f"  junit:   {out}/junit.xml\n  summary: {out}/summary.md  {out}/summary.html")
    return 1 if total_fail or not coverage_ok(args, recs) else 0


def main(argv=None):
    p = argparse.ArgumentParser(prog="fbmu-regress", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cosim", default=os.path.join("build", "sim", "lockstep", "fbmu-cosim"),
                   help="the fbmu-cosim to run (default build/sim/lockstep/fbmu-cosim)")
    p.add_argument("--profile", choices=sorted(PROFILES), default="ci",
                   help="ci: 20 seeds x 20000 ops; nightly: 100 x 100000; smoke: 4 x 500")
    p.add_argument("--seeds", type=int, help="number of seeds (overrides the profile)")
    p.add_argument("--first-seed", type=int, default=1, help="first seed (default 1)")
    p.add_argument("--ops", type=int, help="ops per seed (overrides the profile)")
    p.add_argument("--jobs", type=int, default=int(os.environ.get("JOBS", "2")),
                   help="worker processes (default $JOBS or 2)")
    p.add_argument("--shard", type=parse_shard, default=(1, 1), metavar="K/N",
                   help="run only slice K of N (seed index i is in slice i mod N + 1)")
    p.add_argument("--out", help="output folder (default build/regress/<profile>)")
    p.add_argument("--fresh", action="store_true", help="rerun seeds that already passed")
    p.add_argument("--timeout", type=float, default=3600.0,
                   help="seconds one seed may run before it is killed and failed (default 3600)")
    p.add_argument("--name", help="test suite name in the JUnit file")
    p.add_argument("--cosim-arg", action="append", default=[], metavar="ARG",
                   help="extra argument for every fbmu-cosim run (repeatable), e.g. --no-shrink")
    p.add_argument("--require-coverage", action="store_true",
                   help="fail unless the seeds together hit every functional coverage bin")
    p.add_argument("--merge", nargs="+", metavar="DIR",
                   help="combine the result folders of shards into --out (runs nothing)")
    args = p.parse_args(argv)
    if args.merge:
        if not args.out:
            p.error("--merge needs --out")
        args.name = args.name or "fbmu-regress"
        return cmd_merge(args)
    return cmd_run(args)


if __name__ == "__main__":
    sys.exit(main())
