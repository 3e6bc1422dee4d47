#!/usr/bin/env python3
"""Statement-level timing of a national summary read: the statements the Dashboard sent before summaries3 (two
requests of four statements, per-unit sums as 3,356 one-row series) against those it sends now (eight requests at
once, per-unit sums over day roll-ups as one series of rows, boundaries reading only the fields they use), interleaved, against an
influxd holding the summary-30d harness data. Reports wall time and the influxd process's CPU time (from /proc) per
national read: CPU time is what a loaded machine cannot hide.

usage: summary-statements.py URL INFLUXD_PID END_HOUR [REPEATS]
  e.g. summary-statements.py http://127.0.0.1:42039 12345 2026-11-30T11:00:00Z 11
"""
import json, os, statistics, sys, time, urllib.parse, urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

url, pid, end_text = sys.argv[1].rstrip('/'), sys.argv[2], sys.argv[3]
repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 11
end = datetime.fromisoformat(end_text.replace('Z', '+00:00'))
T = lambda t: "'" + t.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ') + "'"
ALL = "received, on_time, late, overdue, in_progress, docs_sent, docs_received"

def edge(at, fields): return f'SELECT {fields}, unit FROM "hourly"."summary_unit_edge" WHERE time = {T(at - timedelta(hours=6))}'
def measurement(name, start, stop):
    whole = (stop - start) % timedelta(days=1) == timedelta(0) and stop > start
    return f'"daily"."{name}_h{stop.hour:02d}"' if whole else f'"hourly"."{name}"'
def unit(start, stop, flat):
    q = f'SELECT sum(up_sum) AS up, sum(scrapes) AS n FROM {measurement("summary_unit", start, stop)} WHERE time >= {T(start)} AND time < {T(stop)} GROUP BY unit'
    return f'SELECT up, n, unit FROM ({q})' if flat and '"daily"' in q else q
def system(start, stop):
    return f'SELECT sum(up_sum) AS up, sum(scrapes) AS n FROM {measurement("summary_availability", start, stop)} WHERE time >= {T(start)} AND time < {T(stop)} GROUP BY province, level, system'

def window(period):
    if period == 'today':
        midnight = (end + timedelta(hours=7)).replace(hour=0) - timedelta(hours=7)
        if midnight > end: midnight -= timedelta(days=1)
        return midnight, end, midnight - timedelta(days=1), end - timedelta(days=1)
    length = timedelta(days=7 if period == '7d' else 30)
    return end - length, end, end - 2 * length, end - length

def plans(period):
    start, stop, pstart, pstop = window(period)
    stall = stop - timedelta(hours=9)  # the stall boundary's hour changes nothing in the cost
    before = ['; '.join([edge(stop, ALL), edge(start, ALL), edge(pstart, ALL), edge(stall, 'received, on_time, late')]),
              '; '.join([unit(start, stop, False), unit(pstart, pstop, False), system(start, stop), system(pstart, pstop)])]
    after = [edge(stop, ALL), edge(start, ALL), edge(pstart, 'received, on_time, late, docs_sent, docs_received'), edge(stall, 'received, on_time, late'),
             unit(start, stop, True), unit(pstart, pstop, True), system(start, stop), system(pstart, pstop)]
    return {'before (2 requests x 4)': before, 'after (8 requests)': after}

def cpu_ms():
    fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf('SC_CLK_TCK')

def run(q):
    return len(urllib.request.urlopen(f'{url}/query?' + urllib.parse.urlencode({'db': 'supervision', 'epoch': 'ms', 'q': q}), timeout=120).read())

pool = ThreadPoolExecutor(8)
for period in ['30d', '7d', 'today']:
    ps = plans(period)
    wall, cpu, size = {k: [] for k in ps}, {k: [] for k in ps}, {}
    for _ in range(repeats):
        for name, requests in ps.items():
            c, t = cpu_ms(), time.perf_counter()
            size[name] = sum(pool.map(run, requests))
            wall[name].append((time.perf_counter() - t) * 1000)
            cpu[name].append(cpu_ms() - c)
    for name in ps:
        w = sorted(wall[name])
        print(f'{period:5s} {name:24s} wall median {statistics.median(w):6.0f} ms (min {w[0]:5.0f}, max {w[-1]:5.0f})  '
              f'influxd CPU median {statistics.median(cpu[name]):5.0f} ms  answer {size[name]:>9,} B')
