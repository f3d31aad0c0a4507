#!/usr/bin/env python3
"""Sums the <Counters> of every TRX file under a folder (one file per test project) and names the failed tests.

Usage: trx-summary.py RESULTS_DIR
Prints one line to standard output, "files total executed passed failed skipped", and to standard error one line per TRX file
and one per failed test ("FAILED <test name>"). Exits 2 when a TRX file has no <Counters> element.
Shared by .ci/run (one normal run) and .ci/stress (repeated runs on a loaded machine).
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET


def local(tag):
    return tag.rsplit('}', 1)[-1]


results_dir = sys.argv[1]
files = sorted(glob.glob(os.path.join(results_dir, '**', '*.trx'), recursive=True))
totals = dict(total=0, executed=0, passed=0, failed=0, notExecuted=0, error=0, timeout=0, aborted=0)
failed_names = []
for path in files:
    root = ET.parse(path).getroot()
    counters = next((e for e in root.iter() if local(e.tag) == 'Counters'), None)
    if counters is None:
        print(f'{path}: no <Counters> element', file=sys.stderr)
        sys.exit(2)
    values = {k: int(counters.get(k, '0')) for k in totals}
    for k, v in values.items():
        totals[k] += v
    print(f"{os.path.relpath(path, results_dir)}: total={values['total']} executed={values['executed']} "
          f"passed={values['passed']} failed={values['failed']}", file=sys.stderr)
    for result in root.iter():
        if local(result.tag) == 'UnitTestResult' and result.get('outcome') not in ('Passed', 'NotExecuted'):
            failed_names.append(f"{result.get('outcome')}: {result.get('testName')}")
for name in failed_names:
    print(f'FAILED {name}', file=sys.stderr)
# VSTest counts a skipped test in total but not in executed, and leaves notExecuted at 0; so skipped = total - executed.
print(len(files), totals['total'], totals['executed'], totals['passed'],
      totals['failed'] + totals['error'] + totals['timeout'] + totals['aborted'],
      max(totals['notExecuted'], totals['total'] - totals['executed']))
