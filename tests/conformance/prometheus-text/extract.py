#!/usr/bin/env python3
"""Extracts every input case of the Prometheus text-format parser tests into this folder.

Reads, at the pinned commits below, prometheus/common `expfmt/text_parse_test.go` and prometheus/prometheus
`model/textparse/promparse_test.go`, decodes each Go string literal given to the parser to its exact bytes and
writes `cases/<id>.txt` (one file per case) and `index.json` (source file, test name, case number, the
reference's verdict and error text, and for valid cases the samples the reference expects, transcribed by hand
below from the test's expectation).

usage: extract.py COMMON_GIT_DIR PROMETHEUS_GIT_DIR     (git directories holding the pinned commits)
"""
import json
import os
import re
import subprocess
import sys

COMMON_COMMIT = "d2417e2cbb82c4c81e4d28d55f354058169a9f08"
PROMETHEUS_COMMIT = "d15adb9ad7e5d9fbde3a9a8f30200593a5a14d86"
EXPFMT = "expfmt/text_parse_test.go"
PROMPARSE = "model/textparse/promparse_test.go"
HERE = os.path.dirname(os.path.abspath(__file__))

SIMPLE_ESCAPES = {"n": 10, "t": 9, "r": 13, "\\": 92, '"': 34, "'": 39, "a": 7, "b": 8, "f": 12, "v": 11}


def go_string(src, i):
    """Decodes the Go string literal starting at src[i]; returns (bytes, index after it)."""
    if src[i] == "`":
        end = src.index("`", i + 1)
        return src[i + 1:end].replace("\r", "").encode("utf-8"), end + 1
    assert src[i] == '"', src[i:i + 20]
    out = bytearray()
    i += 1
    while src[i] != '"':
        c = src[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        e = src[i + 1]
        if e in SIMPLE_ESCAPES:
            out.append(SIMPLE_ESCAPES[e])
            i += 2
        elif e == "x":
            out.append(int(src[i + 2:i + 4], 16))
            i += 4
        elif e in "uU":
            n = 4 if e == "u" else 8
            out += chr(int(src[i + 2:i + 2 + n], 16)).encode("utf-8")
            i += 2 + n
        else:
            out.append(int(src[i + 1:i + 4], 8))
            i += 4
    return bytes(out), i + 1


def field(src, start, end, name):
    """The string literal of `name:` in src[start:end], or None."""
    m = re.compile(r"\b" + name + r":\s*").search(src, start, end)
    return None if m is None else go_string(src, m.end())[0].decode("utf-8", "surrogateescape")


def struct_cases(src, func, key, fields):
    """Every `{ key: ..., ... }` entry of the scenario list in function `func`, in order."""
    body_start = src.index("func " + func + "(")
    body_end = src.find("\nfunc ", body_start + 1)
    body_end = len(src) if body_end < 0 else body_end
    starts = [m.start() for m in re.finditer(r"\b" + key + r":\s*[`\"]", src[body_start:body_end])]
    starts = [s + body_start for s in starts]
    cases = []
    for n, s in enumerate(starts):
        e = starts[n + 1] if n + 1 < len(starts) else body_end
        value, _ = go_string(src, re.compile(key + r":\s*").match(src, s).end())
        cases.append((value, {f: field(src, s, e, f) for f in fields}))
    return cases


def git_show(git_dir, commit, path):
    return subprocess.run(["git", "--git-dir", git_dir, "show", f"{commit}:{path}"],
                          check=True, capture_output=True).stdout.decode("utf-8")


def s(name, labels=None, value=1, ts=None):
    return {"name": name, "labels": labels or {}, "value": value, "timestamp": ts}


def histogram(name, buckets, total, count):
    out = [s(name + "_bucket", {"le": le}, v) for le, v in buckets]
    return out + [s(name + "_sum", {}, total), s(name + "_count", {}, count)]


RDM = "request_duration_microseconds"
B_INT = [("100", 123), ("120", 412), ("144", 592), ("172.8", 1524), ("+Inf", 2693)]
B_ONE_FLOAT = [("100", 123), ("120", 412), ("144", 592), ("172.8", 1524.8), ("+Inf", 2693)]
GC = "go_gc_duration_seconds"
GCD = "go.gc_duration_seconds"

# The samples each valid case's test expects, transcribed from its `out` (expfmt: metric families, here as the
# samples that carry them) or `exp` (promparse: series entries). None where a sample list cannot say what the
# test checks (expfmt merges a summary's lines into one metric keeping the latest timestamp).
EXPECTED_SAMPLES = {
    "expfmt-parse-00": [],
    "expfmt-parse-01": [s("minimal_metric", {}, 1.234), s("another_metric", {}, -3e3, 103948), s("no_labels", {}, 3)],
    "expfmt-parse-02": [
        s("name", {"labelname": "val1", "basename": "basevalue"}, "NaN"),
        s("name", {"labelname": "val2", "basename": "base\"v\\al\nue"}, 0.23, 1234567890),
        s("name2", {"labelname": "val2", "basename": "basevalue2"}, "+Inf", 54321),
        s("name2", {"labelname": "val1"}, "-Inf")],
    "expfmt-parse-03": None,
    "expfmt-parse-04": histogram(RDM, B_INT, 1756047.3, 2693),
    "expfmt-parse-05": [s("my.noncompliant.metric", {"label.name": "value"}, 1)],
    "expfmt-parse-06": [
        s("name.with.dots", {"labelname": "val1", "basename": "basevalue"}, 42),
        s("name.with.dots", {"labelname": "val2", "basename": "basevalue"}, 0.23, 1234567890)],
    "expfmt-parse-07": [s("name.with.dots", {}, 42), s("name.with.dots", {}, 0.23, 1234567890)],
    "expfmt-parse-08": [
        s("gauge.name", {"name.1": "val with\nnew line", "name*2": "val with \\backslash and \"quotes\""}, "+Inf"),
        s("gauge.name", {"name.1": "Björn", "name*2": "佖佥"}, 3.14e42)],
    "expfmt-parse-09": [s("my\"noncompliant\nmetric\\", {"label\"name\n": "value"}, 1)],
    "expfmt-parse-10": [s("my.noncompliant.metric", {"labelname": "value"}, 1)],
    "expfmt-parse-11": [s("name.1"), s("name.2"), s("name.3")],
    "expfmt-parse-12": histogram(RDM, [("100", 123.5), ("120", 412.6), ("144", 592.7), ("172.8", 1524.8), ("+Inf", 2693.9)],
                                 1756047.3, 2693.9),
    "expfmt-parse-13": histogram(RDM, B_INT[:4], 1756047.3, 2693.9),
    "expfmt-parse-14": histogram(RDM, B_ONE_FLOAT, 1756047.3, 2693),
    "expfmt-parse-15": histogram(RDM, B_INT, 1756047.3, 2693),
    "expfmt-parse-16": histogram(RDM, B_INT, 1756047.3, 2693),
    "expfmt-parse-17": histogram(RDM, B_ONE_FLOAT, 1756047.3, 2693),
    "expfmt-start-of-line-eof": [],
    "promparse-parse": [
        s(GC, {"quantile": "0.0"}, 4.9351e-05),
        s(GC, {"quantile": "0.25"}, 7.424100000000001e-05),
        s(GC, {"quantile": "0.5", "a": "b"}, 8.3835e-05),
        s(GC, {"quantile": "0.8", "a": "b"}, 8.3835e-05),
        s(GC, {"quantile": "0.9", "a": "b"}, 8.3835e-05),
        s("prometheus_http_request_duration_seconds_bucket", {"handler": "/", "le": "1.0"}, 423),
        s("prometheus_http_request_duration_seconds_bucket", {"handler": "/", "le": "2.0"}, 1423),
        s("prometheus_http_request_duration_seconds_bucket", {"handler": "/", "le": "+Inf"}, 1423),
        s("prometheus_http_request_duration_seconds_sum", {"handler": "/"}, 2000),
        s("prometheus_http_request_duration_seconds_count", {"handler": "/"}, 1423),
        s("wind_speed", {"A": "2", "c": "3"}, 12345),
        s(GC, {"quantile": "1.0", "a": "b"}, 8.3835e-05),
        s(GC, {"quantile": "1.0", "a": "b"}, 8.3835e-05),
        s(GC, {"quantile": "1.0", "a": "b"}, 8.3835e-05),
        s(GC, {"quantile": "1.0", "a": "b"}, 8.3835e-05),
        s(GC, {"quantile": "2.0", "a": "b"}, 8.3835e-05),
        s(GC + "_count", {}, 99),
        s("some:aggregate:rate5m", {"a_b": "c"}, 1),
        s("go_goroutines", {}, 33, 123123),
        s("some_counter_total", {}, 12),
        s("_metric_starting_with_underscore", {}, 1),
        s("testmetric", {"_label_starting_with_underscore": "foo"}, 1),
        s("testmetric", {"label": "\"bar\""}, 1),
        s("testmetric", {"le": "10"}, 1),
        s("type_and_unit_test1", {"__type__": "counter"}, 123),
        s("type_and_unit_test2", {"__type__": "counter"}, 123),
        s("null_byte_metric", {"a": "abc\x00"}, 1)],
    "promparse-utf8-parse": [
        s(GCD, {"quantile": "0.0"}, 4.9351e-05),
        s(GCD, {"quantile": "0.25"}, 7.424100000000001e-05),
        s(GCD, {"quantile": "0.5", "a": "b"}, 8.3835e-05),
        s(GCD, {"quantile": "0.8", "a": "b"}, 8.3835e-05),
        s(GCD, {"quantile": "0.9", "a": "b"}, 8.3835e-05),
        s(GCD, {"quantile": "1.0", "a": "b"}, 8.3835e-05),
        s(GCD, {"quantile": "1.0", "a": "b"}, 8.3835e-05),
        s(GCD, {"quantile": "1.0", "a": "b"}, 8.3835e-05),
        s(GCD, {"quantile": "1.0", "a": "b"}, 8.3835e-05),
        s(GCD + "_count", {}, 99),
        s("Heizölrückstoßabdämpfung 10€ metric with \"interesting\" {character\nchoices}",
          {"strange©™\n'quoted' \"name\"": "6"}, 10)],
    "promparse-null-byte-00": [s("null_byte_metric", {"a": "abc\x00"}, 1)],
    "promparse-null-byte-01": [s("a", {"b": "\x00ss"}, 1)],
    "promparse-null-byte-02": [s("a", {"b": "\x00"}, 1)],
    "promparse-null-byte-03": [s("a", {"b": "\x00"}, 1)],
}

# Where the two references read the same bytes differently, `check` follows expfmt (the library promtool's
# `check metrics` runs) and the tolerant scrape path stores what Prometheus's scrape parser (promparse) stores.
CONFLICTS = {
    "promparse-parse": "expfmt refuses it: the last line has no newline (expfmt TestTextParseError case 0), and "
                       "`{ quantile = \"2.0\" a = \"b\" }` has no comma between labels (expfmt: \"unexpected end "
                       "of label value\"; the promparse test itself notes this acceptance \"appears to be "
                       "unintended\")",
    "promparse-utf8-parse": "expfmt refuses it: the last line has no newline (expfmt TestTextParseError case 0)",
    "promparse-null-byte-00": "expfmt refuses it: the last line has no newline (expfmt TestTextParseError case 0)",
}

NOT_READ = [
    {"source": EXPFMT, "test": "TestNewTextParser", "reason": "Go API: the constructor stores the validation scheme; no input"},
    {"source": EXPFMT, "test": "TestTextParserStartOfLine/OtherError",
     "reason": "Go API: an io.Reader failing with its own error; `check` reads a file or standard input whole"},
    {"source": EXPFMT, "test": "TestTextParseError (errLegacy)",
     "reason": "the legacy name-validation verdicts (cases 35, 40, 41, 42) apply to a parser built with "
               "model.LegacyValidation; promtool `check metrics` (the reading `check` follows) uses "
               "model.NameValidationScheme, UTF-8 by default, so the errUTF8 verdicts are the expected ones"},
    {"source": PROMPARSE, "test": "TestPromParse (type-and-unit=true)",
     "reason": "the same input as the case promparse-parse with a Prometheus feature flag that adds __type__ "
               "labels to the series; same verdict, labels of a server feature the collector has not"},
]


def main():
    common, prometheus = sys.argv[1], sys.argv[2]
    expfmt = git_show(common, COMMON_COMMIT, EXPFMT)
    promparse = git_show(prometheus, PROMETHEUS_COMMIT, PROMPARSE)
    cases = []

    def add(case_id, source, test, number, data, valid, error=None):
        cases.append({"id": case_id, "source": source, "test": test, "case": number,
                      "valid": valid, "error": error, "samples": EXPECTED_SAMPLES.get(case_id) if valid else None,
                      "conflict": CONFLICTS.get(case_id), "input": data})

    for n, (data, _) in enumerate(struct_cases(expfmt, "testTextParse", "in", [])):
        add(f"expfmt-parse-{n:02d}", EXPFMT, "TestTextParse", n, data, True)
    for n, (data, f) in enumerate(struct_cases(expfmt, "testTextParseError", "in", ["errUTF8", "errLegacy"])):
        error = f["errUTF8"] or None
        case = {"errLegacy": f["errLegacy"] or None}
        add(f"expfmt-error-{n:02d}", EXPFMT, "TestTextParseError", n, data, error is None, error)
        cases[-1].update(case)
    add("expfmt-start-of-line-eof", EXPFMT, "TestTextParserStartOfLine/EOF", 0, b"", True)

    m = re.search(r"func TestPromParse\(.*?input := ", promparse, re.S)
    data, i = go_string(promparse, m.end())
    for more in re.finditer(r'\n\tinput \+= ', promparse[i:i + 400]):
        data += go_string(promparse, i + more.end())[0]
    add("promparse-parse", PROMPARSE, "TestPromParse", 0, data, True)
    m = re.search(r"func TestUTF8PromParse\(.*?input := ", promparse, re.S)
    add("promparse-utf8-parse", PROMPARSE, "TestUTF8PromParse", 0, go_string(promparse, m.end())[0], True)
    for n, (data, f) in enumerate(struct_cases(promparse, "TestPromParseErrors", "input", ["err"])):
        add(f"promparse-error-{n:02d}", PROMPARSE, "TestPromParseErrors", n, data, False, f["err"])
    m = re.search(r"func TestPromParseBareIdentifierInBraces\(.*?\[\]byte\(", promparse, re.S)
    add("promparse-bare-identifier", PROMPARSE, "TestPromParseBareIdentifierInBraces", 0,
        go_string(promparse, m.end())[0], None)
    cases[-1]["note"] = "the test asserts only that the parser does not panic; any verdict agrees"
    for n, (data, f) in enumerate(struct_cases(promparse, "TestPromNullByteHandling", "input", ["err"])):
        add(f"promparse-null-byte-{n:02d}", PROMPARSE, "TestPromNullByteHandling", n, data, not f["err"], f["err"] or None)

    os.makedirs(os.path.join(HERE, "cases"), exist_ok=True)
    for case in cases:
        data = case.pop("input")
        with open(os.path.join(HERE, "cases", case["id"] + ".txt"), "wb") as out:
            out.write(data)
        case["file"] = "cases/" + case["id"] + ".txt"
    missing = [k for k in EXPECTED_SAMPLES if k not in {c["id"] for c in cases}]
    assert not missing, missing
    index = {"sources": {EXPFMT: {"repository": "prometheus/common", "commit": COMMON_COMMIT},
                         PROMPARSE: {"repository": "prometheus/prometheus", "commit": PROMETHEUS_COMMIT}},
             "cases": cases, "notRead": NOT_READ}
    with open(os.path.join(HERE, "index.json"), "w", encoding="utf-8") as out:
        json.dump(index, out, ensure_ascii=False, indent=1)
        out.write("\n")
    print(f"{len(cases)} cases: {sum(1 for c in cases if c['valid'])} valid, "
          f"{sum(1 for c in cases if c['valid'] is False)} invalid, {sum(1 for c in cases if c['valid'] is None)} any")


if __name__ == "__main__":
    main()
