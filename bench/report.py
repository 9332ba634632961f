#!/usr/bin/env python3
"""Turns bench/.run/results.tsv (written by run.sh) into the Markdown table of docs/performance.md."""
import csv
import sys

rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
order = {}
for r in rows:
    order.setdefault(r['target'], len(order))
rows.sort(key=lambda r: (order[r['target']], int(r['conns']), r['scenario']))
by = {(r['target'], r['scenario'], r['conns']): r for r in rows}


def num(row, field):
    try:
        return float(row[field]) if row and row[field] else None
    except ValueError:
        return None


def ok(row):
    """A run whose requests mostly failed is reported as failed, not as fast."""
    total = num(row, 'requests') or 0
    bad = (num(row, 'non2xx') or 0) + (num(row, 'socket_errors') or 0)
    return total > 0 and bad <= total * 0.01


def fmt_us(v):
    if v is None:
        return '-'
    return '%.0f us' % v if abs(v) < 10000 else '%.1f ms' % (v / 1000)


def ratio(a, b):
    return '%.2fx' % (a / b) if a and b else '-'


print('| target | mode | conc. | p50 | p99 | added p50 | added p99 | req/s | vs direct | vs Portkey '
      '| CPU per req | peak RSS |')
print('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
for row in rows:
    target, scenario, conns = row['target'], row['scenario'], row['conns']
    direct = by.get(('direct', scenario, conns))
    portkey = by.get(('portkey', scenario, conns))
    mode = 'stream' if scenario == 'sse' else 'json'
    if not ok(row):
        print('| %s | %s | %s | failed: %s of %s requests non-2xx, %s socket errors | | | | | | | | |'
              % (target, mode, conns, row['non2xx'], row['requests'], row['socket_errors']))
        continue
    p50, p99, rps = num(row, 'p50_us'), num(row, 'p99_us'), num(row, 'rps')
    added50 = p50 - num(direct, 'p50_us') if target != 'direct' and direct and ok(direct) else None
    added99 = p99 - num(direct, 'p99_us') if target != 'direct' and direct and ok(direct) else None
    vs_direct = ratio(rps, num(direct, 'rps')) if target != 'direct' and direct else '-'
    vs_portkey = ratio(rps, num(portkey, 'rps')) if target not in ('direct', 'portkey') and portkey and ok(portkey) else '-'
    requests = num(row, 'requests') or 0
    cpu = num(row, 'cpu_s')
    cpu_per_k = '%.0f us' % (cpu * 1e6 / requests) if target != 'direct' and cpu is not None and requests else '-'
    rss = num(row, 'peak_rss_kb')
    rss_s = '%.0f MB' % (rss / 1024) if target != 'direct' and rss else '-'
    print('| %s | %s | %s | %s | %s | %s | %s | %.0f | %s | %s | %s | %s |' % (
        target, mode, conns, fmt_us(p50), fmt_us(p99), fmt_us(added50), fmt_us(added99), rps,
        vs_direct, vs_portkey, cpu_per_k, rss_s))

# Redis against memory, per mode at the throughput concurrency.
for scenario in ('json', 'sse'):
    conns = max((int(r['conns']) for r in rows if r['scenario'] == scenario), default=0)
    mem, red = by.get(('memory', scenario, str(conns))), by.get(('redis', scenario, str(conns)))
    if mem and red and ok(mem) and ok(red):
        print('\nRedis / memory throughput (%s, %d connections): %.0f%%'
              % ('stream' if scenario == 'sse' else 'json', conns, 100 * num(red, 'rps') / num(mem, 'rps')))
