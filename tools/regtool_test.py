#!/usr/bin/env python3
"""Tests of tools/regtool.py: the generated field helpers and access table, checked against the
description file itself (read here with tomllib, not through the generator).

The C header is compiled and run with the system C compiler (cc), the SystemVerilog package with
Icarus Verilog (iverilog, vvp); both tools are required. Python 3.11 standard library only.

  regtool_test.py [SRC]     # SRC defaults to regs/fbmu_regs.toml next to this folder
"""

import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import regtool  # noqa: E402

SRC = os.path.join(HERE, "..", "regs", "fbmu_regs.toml")

REG_VALUES = (0x00000000, 0xFFFFFFFF, 0xA5A5A5A5, 0x5A5A5A5A, 0x12345678)


def field_values(width):
    ones = (1 << width) - 1
    # 0, 1, all ones, the top bit alone, a pattern, and a value wider than the field.
    return sorted({0, 1 & ones, ones, 1 << (width - 1), 0x5A5A5A5A & ones, 0xFFFFFFFF})


def fields(desc):
    for r in desc["registers"]:
        for f in r.get("fields", []):
            yield r, f


def require(tool):
    path = shutil.which(tool)
    if path is None:
        raise AssertionError(f"{tool} not found on PATH (install it: make deps)")
    return path


def run(cmd, cwd):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return p.stdout


class HelperCase(unittest.TestCase):
    """Shared checks: results are 'kind name args... = value' lines from a compiled program."""

    @classmethod
    def setUpClass(cls):
        with open(SRC, "rb") as fh:
            cls.toml = tomllib.load(fh)  # the oracle
        cls.desc = regtool.load(SRC)     # what the generator reads
        cls.tmp = tempfile.mkdtemp(prefix="regtool_test_")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def parse(self, text):
        out = {}
        for line in text.splitlines():
            line = line.strip()
            if not line:
                continue
            key, _, value = line.partition("=")
            out[tuple(key.split())] = int(value.strip(), 0)
        return out

    def check_fields(self, got, signed_getter):
        n = 0
        for r, f in fields(self.toml):
            name = f"{r['name']}.{f['name']}".lower()
            lsb, width = f["lsb"], f["width"]
            ones = (1 << width) - 1
            mask = ones << lsb
            for reg in REG_VALUES:
                field = (reg >> lsb) & ones
                self.assertEqual(got[("get", name, hex(reg))], field, f"{name}_get({reg:#x})")
                if signed_getter and f.get("signed", False):
                    want = field - (1 << width) if field >> (width - 1) else field
                    self.assertEqual(got[("sget", name, hex(reg))], want, f"{name}_get_signed({reg:#x})")
                for v in field_values(width):
                    out = got[("set", name, hex(reg), hex(v))]
                    self.assertEqual(out & ~mask & 0xFFFFFFFF, reg & ~mask & 0xFFFFFFFF,
                                     f"{name}_set({reg:#x}, {v:#x}) changed bits outside the field")
                    self.assertEqual((out >> lsb) & ones, v & ones,
                                     f"{name}_set({reg:#x}, {v:#x}) does not hold the value")
                    n += 1
        self.assertGreater(n, 0, "no fields in the description")

    def check_access(self, got):
        kinds = {"ro": 1, "rw": 2, "wo": 3}
        by_offset = {r["offset"]: kinds[r["access"]] for r in self.toml["registers"]}
        top = 1 << self.toml["device"]["addr_width"]
        for addr in range(0, top, 4):
            self.assertEqual(got[("access", hex(addr))], by_offset.get(addr, 0), f"access({addr:#x})")
        # Exact offsets only: a register's offset + 1 is not that register.
        for off in by_offset:
            self.assertEqual(got[("access", hex(off + 1))], 0, f"access({off + 1:#x})")


def access_addrs(toml):
    top = 1 << toml["device"]["addr_width"]
    return list(range(0, top, 4)) + [r["offset"] + 1 for r in toml["registers"]]


class CHelpers(HelperCase):
    def test_c_field_helpers_and_access_table_match_the_description(self):
        cc = require("cc")
        with open(os.path.join(self.tmp, "fbmu_regs.h"), "w") as fh:
            fh.write(regtool.gen_c(self.desc))
        body = []
        for r, f in fields(self.toml):
            fn = f"fbmu_reg_{r['name'].lower()}_{f['name'].lower()}"
            name = f"{r['name']}.{f['name']}".lower()
            for reg in REG_VALUES:
                body.append(f'  printf("get {name} {hex(reg)} = %u\\n", {fn}_get({reg:#x}u));')
                if f.get("signed", False):
                    body.append(f'  printf("sget {name} {hex(reg)} = %d\\n", (int){fn}_get_signed({reg:#x}u));')
                for v in field_values(f["width"]):
                    body.append(f'  printf("set {name} {hex(reg)} {hex(v)} = %u\\n", {fn}_set({reg:#x}u, {v:#x}u));')
        for addr in access_addrs(self.toml):
            body.append(f'  printf("access {hex(addr)} = %u\\n", fbmu_reg_access({addr:#x}u));')
        # The FBMU_REG_IS_* macros agree with fbmu_reg_access for every register.
        for r in self.toml["registers"]:
            a = r["access"].upper()
            body.append(f"  if (!FBMU_REG_IS_{a}(FBMU_REG_{r['name']})) return 3;")
        prog = "\n".join(["#include <stdio.h>", '#include "fbmu_regs.h"', "int main(void) {"] + body +
                         ["  return 0;", "}", ""])
        with open(os.path.join(self.tmp, "helpers.c"), "w") as fh:
            fh.write(prog)
        run([cc, "-std=c11", "-Wall", "-Wextra", "-Wconversion", "-Werror", "-I", self.tmp,
             "-o", "helpers", "helpers.c"], self.tmp)
        got = self.parse(run([os.path.join(self.tmp, "helpers")], self.tmp))
        self.check_fields(got, signed_getter=True)
        self.check_access(got)


class SvHelpers(HelperCase):
    def test_sv_field_helpers_and_access_table_match_the_description(self):
        iverilog, vvp = require("iverilog"), require("vvp")
        with open(os.path.join(self.tmp, "fbmu_reg_pkg.sv"), "w") as fh:
            fh.write(regtool.gen_sv(self.desc))
        aw = self.toml["device"]["addr_width"]
        body = []
        for r, f in fields(self.toml):
            fn = f"fbmu_reg_pkg::{r['name'].lower()}_{f['name'].lower()}"
            name = f"{r['name']}.{f['name']}".lower()
            w = f["width"]
            for reg in REG_VALUES:
                body.append(f'    $display("get {name} {hex(reg)} = %0d", {fn}_get(32\'h{reg:08x}));')
                for v in field_values(w):
                    body.append(f'    $display("set {name} {hex(reg)} {hex(v)} = %0d", '
                                f"{fn}_set(32'h{reg:08x}, {w}'(32'h{v:08x})));")
        for addr in access_addrs(self.toml):
            body.append(f'    $display("access {hex(addr)} = %0d", fbmu_reg_pkg::reg_access({aw}\'h{addr:x}));')
        for r in self.toml["registers"]:
            a = r["access"].lower()
            off = f"fbmu_reg_pkg::{regtool.camel('REG_' + r['name'])}"
            body.append(f'    if (!fbmu_reg_pkg::reg_is_{a}({off})) $display("bad is_{a} {r["name"]} = 1");')
        body.append(f'    $display("addr_width = %0d", fbmu_reg_pkg::AddrWidth);')
        body.append('    $display("addr_t_bits = %0d", $bits(addr));')
        tb = "\n".join(["module helpers_tb;", "  fbmu_reg_pkg::addr_t addr;", "  initial begin"] + body + ["    $finish;", "  end",
                        "endmodule", ""])
        with open(os.path.join(self.tmp, "helpers_tb.sv"), "w") as fh:
            fh.write(tb)
        run([iverilog, "-g2012", "-s", "helpers_tb", "-o", "helpers.vvp", "fbmu_reg_pkg.sv",
             "helpers_tb.sv"], self.tmp)
        out = run([vvp, "-n", "helpers.vvp"], self.tmp)
        got = self.parse("\n".join(l for l in out.splitlines() if "=" in l and not l.startswith("bad")))
        self.assertEqual([l for l in out.splitlines() if l.startswith("bad ")], [])
        self.check_fields(got, signed_getter=False)
        self.check_access(got)
        self.assertEqual(got[("addr_width",)], aw)
        self.assertEqual(got[("addr_t_bits",)], aw)


class Validation(unittest.TestCase):
    def test_a_non_boolean_signed_flag_is_rejected(self):
        with open(SRC, "rb") as fh:
            desc = tomllib.load(fh)
        desc["registers"][1]["fields"][0]["signed"] = "yes"
        with self.assertRaisesRegex(regtool.RegMapError, "'signed' must be true or false"):
            regtool.validate(desc, "test")


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        SRC = sys.argv.pop(1)
    unittest.main()
