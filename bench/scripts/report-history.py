#!/usr/bin/env python3
"""Writes two months of the summaries' read-outs for every unit of an inventory, as the continuous queries of
scripts/influxdb-setup.iql leave them, so that a monthly report can be timed against national-scale data without
weeks of collection (bench/RESULTS.md, "Monthly national PDF").

What the monthly report reads (src/Dashboard/Summaries/SummaryStatements.cs), for the month M and the month before:
  - hourly.summary_unit_edge at each boundary - 6 h (month start, month end, previous month start), at every hour
    of the last 3 days before the end (the stall boundary falls there) and at the charts' nine week boundaries, per unit;
  - daily.summary_unit_hHH and daily.summary_availability_hHH, HH = the end's UTC hour (17 for Vietnam midnight):
    one day cut per unit, and per province/level/system, for every day of both months.
The figures are simulated (seeded): plausible counters that grow, a few units stalled or down.

usage: report-history.py INVENTORY YYYY-MM INFLUX_URL
"""
import datetime as dt
import random
import re
import sys
import urllib.request

inventory, month, influx = sys.argv[1], sys.argv[2], sys.argv[3].rstrip("/")
year, mon = (int(x) for x in month.split("-"))
vn = dt.timedelta(hours=7)


def midnight(y, m):
    return dt.datetime(y, m, 1, tzinfo=dt.timezone.utc) - vn


start = midnight(year, mon)
end = midnight(year + (mon == 12), mon % 12 + 1)
previous = midnight(year - (mon == 1), (mon - 2) % 12 + 1)
hour = end.hour

units = []  # (code, province, level)
for line in open(inventory, encoding="utf-8"):
    m = re.search(r'id: "?([0-9]+)"?.*level: (province|commune)(?:, province: "([0-9]+)")?', line)
    if m:
        code, level, parent = m.group(1), m.group(2), m.group(3)
        units.append((code, parent or code, level))

rng = random.Random(17)
lines = []


def ns(t):
    return int(t.timestamp()) * 1_000_000_000




def write(rp, batch):
    for i in range(0, len(batch), 20000):
        body = "\n".join(batch[i:i + 20000]).encode()
        req = urllib.request.Request(f"{influx}/write?db=supervision&rp={rp}", data=body, method="POST")
        with urllib.request.urlopen(req) as r:
            if r.status != 204:
                raise SystemExit(f"write to {rp} answered {r.status}")


edge_times = {start - dt.timedelta(hours=6), end - dt.timedelta(hours=6), previous - dt.timedelta(hours=6)}
edge_times |= {end - dt.timedelta(hours=h) for h in range(6, 6 + 72)}
# The report's charts: every unit's counters at the nine week boundaries of the 8 weeks before the end (their day cuts
# are the 60 days written below, from the previous month's start).
edge_times |= {end - dt.timedelta(days=7 * k, hours=6) for k in range(9)}
edges, days, systems = [], [], []
for code, province, level in units:
    size = 40 if level == "province" else 4  # dossiers a day
    rate = rng.uniform(0.75, 0.99)
    stalled = rng.random() < 0.01
    down = rng.random() < 0.02
    for t in sorted(edge_times):
        d = (t - previous).total_seconds() / 86400
        received = int(size * d)
        resolved = int(received * 0.9) if not (stalled and t > end - dt.timedelta(days=3)) else int(size * (((end - previous).total_seconds() / 86400) - 3) * 0.9)
        on_time = int(resolved * rate)
        docs = int(size * 3 * d)
        edges.append(f"summary_unit_edge,level={level},province={province},unit={code} received={received},on_time={on_time},late={resolved - on_time},"
                     f"overdue={int(size * (1 - rate) * 2)},in_progress={received - resolved},docs_sent={docs},docs_received={docs * 2} {ns(t)}")
    day = previous
    while day < end:
        scrapes = 5760 * (7 if level == "province" else 3)
        up = scrapes if not down else int(scrapes * 0.9)
        days.append(f"summary_unit_h{hour:02d},level={level},province={province},unit={code} up_sum={up},scrapes={scrapes} {ns(day)}")
        day += dt.timedelta(days=1)

provinces = sorted({p for _, p, _ in units})
for province in provinces:
    for level, kinds in (("province", ["edoc", "dossier", "portal", "opsmgmt", "meeting", "handbook", "network"]), ("commune", ["edoc", "dossier", "opsmgmt", "network"])):
        for system in kinds:
            day = previous
            while day < end:
                scrapes = 5760 * (1 if level == "province" else 100)
                systems.append(f"summary_availability_h{hour:02d},level={level},province={province},system={system} up_sum={int(scrapes * rng.uniform(0.97, 1))},scrapes={scrapes} {ns(day)}")
                day += dt.timedelta(days=1)

write("hourly", edges)
write("daily", days + systems)
print(f"{len(units)} units: {len(edges)} edge points, {len(days)} unit day cuts, {len(systems)} system day cuts, {previous:%Y-%m-%d %H:%M} .. {end:%Y-%m-%d %H:%M} UTC")
