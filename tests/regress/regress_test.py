#!/usr/bin/env python3
"""fbmu-regress against the real fbmu-cosim: JUnit, summaries, resume, shards and merge, failures.

Usage: regress_test.py <fbmu_regress.py> <fbmu-cosim> <fbmu-cosim built on broken RTL> [unittest args]
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

REGRESS, COSIM, COSIM_BROKEN = sys.argv[1:4]
del sys.argv[1:4]


def regress(*args):
    p = subprocess.run([sys.executable, REGRESS, *args], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=600, check=False)
    return p.returncode, p.stdout


def cases(junit_path):
    root = ET.parse(junit_path).getroot()
    return {c.get("name"): c for c in root.iter("testcase")}, root


class RegressTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = os.path.join(self.tmp.name, "out")

    def tearDown(self):
        self.tmp.cleanup()

    def test_passing_seeds_give_one_junit_case_each_and_a_pass_summary(self):
        rc, text = regress("--cosim", COSIM, "--seeds", "3", "--ops", "150", "--jobs", "2",
                           "--out", self.out)
        self.assertEqual(rc, 0, text)
        got, root = cases(os.path.join(self.out, "junit.xml"))
        self.assertEqual(sorted(got), ["seed1", "seed2", "seed3"])
        self.assertEqual(root.get("failures"), "0")
        self.assertFalse(any(c.find("failure") is not None for c in got.values()))
        with open(os.path.join(self.out, "summary.md"), encoding="utf-8") as f:
            self.assertIn(": PASS", f.readline())
        self.assertTrue(os.path.getsize(os.path.join(self.out, "summary.html")) > 0)
        self.assertIn("3 seeds, 0 failures, 450 ops", text)

    def test_coverage_bins_are_merged_over_the_seeds(self):
        rc, text = regress("--cosim", COSIM, "--seeds", "2", "--ops", "200", "--out", self.out)
        self.assertEqual(rc, 0, text)
        per_seed = []
        for seed in (1, 2):
            with open(os.path.join(self.out, "results", f"seed{seed}.json"), encoding="utf-8") as f:
                per_seed.append(json.load(f)["coverage"])
        with open(os.path.join(self.out, "coverage.json"), encoding="utf-8") as f:
            merged = json.load(f)
        self.assertEqual(sorted(merged["bins"]), sorted(per_seed[0]))
        for name, hits in merged["bins"].items():
            self.assertEqual(hits, per_seed[0][name] + per_seed[1][name], name)
        self.assertEqual(merged["hit"], sum(v > 0 for v in merged["bins"].values()))
        self.assertIn(f"functional coverage: {merged['hit']} of {merged['total']} bins hit", text)

    def test_require_coverage_fails_a_run_that_misses_a_bin(self):
        rc, text = regress("--cosim", COSIM, "--seeds", "1", "--ops", "30", "--out", self.out,
                           "--require-coverage")
        self.assertEqual(rc, 1, text)
        self.assertIn("not hit: ", text)
        self.assertIn("--require-coverage: not every functional coverage bin was hit", text)

    def test_ci_seeds_hit_every_coverage_bin(self):
        # The CI regression's coverage goal, on a short run: these seeds together hit every bin.
        rc, text = regress("--cosim", COSIM, "--seeds", "4", "--ops", "3000", "--jobs", "2",
                           "--out", self.out, "--require-coverage", "--cosim-arg=--no-shrink")
        self.assertEqual(rc, 0, text)
        with open(os.path.join(self.out, "coverage.json"), encoding="utf-8") as f:
            merged = json.load(f)
        self.assertEqual(merged["hit"], merged["total"])
        self.assertGreaterEqual(merged["total"], 35)

    def test_a_rerun_skips_seeds_that_passed(self):
        regress("--cosim", COSIM, "--seeds", "2", "--ops", "100", "--out", self.out)
        rc, text = regress("--cosim", COSIM, "--seeds", "3", "--ops", "100", "--out", self.out)
        self.assertEqual(rc, 0, text)
        self.assertIn("2 already passed (resume), 1 to run", text)
        self.assertIn("3 seeds, 0 failures, 100 ops run", text)
        rc, text = regress("--cosim", COSIM, "--seeds", "3", "--ops", "100", "--out", self.out,
                           "--fresh")
        self.assertIn("0 already passed (resume), 3 to run", text)

    def test_shards_cover_every_seed_once_and_merge_into_one_report(self):
        dirs = []
        for k in (1, 2, 3):
            d = os.path.join(self.tmp.name, f"shard{k}")
            rc, text = regress("--cosim", COSIM, "--seeds", "5", "--ops", "80", "--shard", f"{k}/3",
                               "--out", d)
            self.assertEqual(rc, 0, text)
            dirs.append(d)
        per_shard = [sorted(cases(os.path.join(d, "junit.xml"))[0]) for d in dirs]
        self.assertEqual(per_shard, [["seed1", "seed4"], ["seed2", "seed5"], ["seed3"]])
        rc, text = regress("--merge", *dirs, "--out", self.out)
        self.assertEqual(rc, 0, text)
        got, root = cases(os.path.join(self.out, "junit.xml"))
        self.assertEqual(sorted(got), [f"seed{i}" for i in range(1, 6)])
        self.assertEqual(root.get("tests"), "5")

    def test_a_divergence_is_a_junit_failure_with_report_bundle_and_reproduce_command(self):
        rc, text = regress("--cosim", COSIM_BROKEN, "--seeds", "1", "--first-seed", "5", "--ops",
                           "300", "--out", self.out, "--cosim-arg=--no-shrink")
        self.assertEqual(rc, 1, text)
        got, root = cases(os.path.join(self.out, "junit.xml"))
        self.assertEqual(root.get("failures"), "1")
        fail = got["seed5"].find("failure")
        self.assertIsNotNone(fail)
        self.assertIn("LOCKSTEP DIVERGENCE", fail.get("message"))
        self.assertIn("failure bundle: " + os.path.join(self.out, "failures", "seed5"), fail.text)
        self.assertTrue(os.path.isfile(os.path.join(self.out, "failures", "seed5", "ops.fbmuops")))
        with open(os.path.join(self.out, "summary.md"), encoding="utf-8") as f:
            md = f.read()
        self.assertIn(": FAIL", md)
        self.assertRegex(md, r"reproduce: \S+ --seed 5 --ops \d+")
        # A failed seed is run again on resume, never skipped.
        rc, text = regress("--cosim", COSIM_BROKEN, "--seeds", "1", "--first-seed", "5", "--ops",
                           "300", "--out", self.out, "--cosim-arg=--no-shrink")
        self.assertIn("0 already passed (resume), 1 to run", text)

    def test_bad_arguments_and_malformed_results_are_refused(self):
        self.assertEqual(regress("--cosim", COSIM, "--shard", "4/3")[0], 2)
        self.assertEqual(regress("--cosim", COSIM, "--shard", "x")[0], 2)
        rc, text = regress("--cosim", os.path.join(self.tmp.name, "nope"), "--out", self.out)
        self.assertEqual(rc, 2)
        self.assertIn("not an executable fbmu-cosim", text)
        self.assertEqual(regress("--cosim", COSIM, "--seeds", "0")[0], 2)
        bad = os.path.join(self.tmp.name, "bad")
        os.makedirs(os.path.join(bad, "results"))
        with open(os.path.join(bad, "results", "seed1.json"), "w", encoding="utf-8") as f:
            f.write("{not json")
        rc, text = regress("--merge", bad, "--out", self.out)
        self.assertEqual(rc, 2)
        self.assertIn("malformed result record", text)
        rc, text = regress("--merge", self.tmp.name, "--out", self.out)
        self.assertEqual(rc, 2)
        self.assertIn("no results/ folder", text)

    def test_result_records_hold_the_figures(self):
        regress("--cosim", COSIM, "--seeds", "1", "--ops", "120", "--out", self.out)
        with open(os.path.join(self.out, "results", "seed1.json"), encoding="utf-8") as f:
            rec = json.load(f)
        self.assertEqual((rec["status"], rec["ops"], rec["mismatches"]), ("pass", 120, 0))
        self.assertGreater(rec["cycles"], 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
