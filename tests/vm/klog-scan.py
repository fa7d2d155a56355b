#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# klog-scan.py ALLOWLIST < LOG: find kernel reports in a kernel log.
#
# A report starts at a headline (a WARNING, a BUG, a KASAN, UBSAN, lockdep,
# kmemleak, list-corruption, hung-task or stall report, ...) and runs to the
# next headline. A report is forgiven only when a pattern of ALLOWLIST
# matches somewhere in its text; each entry there names the known 6.1 bug it
# stands for. A "Call Trace:" that no headline explains is a report of its
# own. Prints the first line of each unforgiven report, prefixed with its
# line number in LOG, and exits 1 when there is any.

import re
import sys

BAD = [
    r'WARNING:', r'BUG:', r'BUG kmalloc', r'kernel BUG at', r'Oops',
    r'general protection fault', r'Kernel panic',
    r'possible circular locking', r'possible recursive locking',
    r'inconsistent lock state', r'suspicious RCU usage',
    r'INFO: lockdep', r'DEBUG_LOCKS_WARN_ON', r'turning off the locking',
    r'list_del corruption', r'list_add corruption', r'KASAN', r'UBSAN',
    r'unreferenced object 0x', r'refcount_t: ', r'ODEBUG: ',
    r'blocked for more than', r'soft lockup', r'hard LOCKUP',
    r'rcu_.*stall', r'RCU stall', r'rcu: INFO:',
    r'Slab cache still has objects', r'unregister_netdevice: waiting for',
]
# Headlines that explain the call trace after them without being a report:
# an injected fault, an allocation failure it caused (the sysctl core dumps
# the stack when it cannot allocate a directory: -12, ENOMEM; any other
# errno there is a bug), sysrq dumps the harness asks for itself.
NEUTRAL = [
    r'FAULT_INJECTION: forcing a failure', r'page allocation failure',
    r'sysctl could not get directory: \S* -12$',
    r'sysrq: ', r'NMI backtrace for cpu', r'Sending NMI from CPU',
]
bad_re = re.compile('|'.join(BAD))
neutral_re = re.compile('|'.join(NEUTRAL))


def load_allowlist(path):
    pats = []
    try:
        with open(path, encoding='utf-8') as f:
            for line in f:
                line = line.rstrip('\n')
                if not line.strip() or line.lstrip().startswith('#'):
                    continue
                pats.append(re.compile(line.split('\t', 1)[0]))
    except FileNotFoundError:
        pass
    return pats


def main():
    allow = load_allowlist(sys.argv[1]) if len(sys.argv) > 1 else []
    reports = []            # [lineno, headline, [text...], kind]
    cur = None
    for n, line in enumerate(sys.stdin, 1):
        line = line.rstrip('\n')
        if bad_re.search(line):
            cur = [n, line, [line], 'bad']
            reports.append(cur)
        elif neutral_re.search(line):
            cur = [n, line, [line], 'neutral']
            reports.append(cur)
        elif 'Call Trace:' in line and cur is None:
            cur = [n, line, [line], 'bad']
            reports.append(cur)
        elif cur is not None:
            cur[2].append(line)
            if len(cur[2]) > 200 or '---[ end trace' in line:
                cur = None
    found = 0
    for n, head, text, kind in reports:
        if kind != 'bad':
            continue
        body = '\n'.join(text)
        if any(p.search(body) for p in allow):
            continue
        found += 1
        print(f'{n}: {head.strip()}')
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
