#!/usr/bin/python3
"""python-libvirt side of bench/call-path.ts: the same measurements, one JSON object per line."""
import json
import os
import sys
import threading
import time

import libvirt

URI = 'test+unix:///default'
# Calls made before the clock starts, as on the rxvirt side (where they warm up the JIT).
WARMUP_CALLS = 2000
DAEMON_PID_FILE = '/run/libvirtd.pid'


def daemon_cpu_seconds():
    """CPU time (user + system, all threads) the daemon has used so far."""
    with open(DAEMON_PID_FILE) as pid_file:
        pid = int(pid_file.read())
    with open(f'/proc/{pid}/stat') as stat:
        fields = stat.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def rate(n, fn):
    for _ in range(WARMUP_CALLS):
        fn()
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - start)


def threaded_rate(conn, total, threads):
    per = total // threads
    for _ in range(WARMUP_CALLS):
        conn.getLibVersion()
    def work():
        for _ in range(per):
            conn.getLibVersion()
    pool = [threading.Thread(target=work) for _ in range(threads)]
    daemon_before = daemon_cpu_seconds()
    start = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    seconds = time.perf_counter() - start
    calls = per * threads
    return calls / seconds, (daemon_cpu_seconds() - daemon_before) / calls * 1e6


def main():
    what = sys.argv[1]
    n = int(sys.argv[2])
    conn = libvirt.open(URI)
    extra = {}
    if what == 'version':
        result = rate(n, conn.getLibVersion)
    elif what == 'lookup':
        result = rate(n, lambda: conn.lookupByName('test'))
    elif what == 'inflight64':
        result, extra['daemonCpuUsPerCall'] = threaded_rate(conn, n, 64)
    elif what == 'list':
        # The test driver is shared by every connection to the daemon: define the domains here too.
        count = int(sys.argv[3])
        for i in range(count):
            conn.defineXML(f"<domain type='test'><name>bench-{i}</name><memory>1024</memory><os><type>hvm</type></os></domain>")
        start = time.perf_counter()
        for _ in range(n):
            doms = conn.listAllDomains(0)
            assert len(doms) == count + 1
        result = (time.perf_counter() - start) / n * 1000
    else:
        raise SystemExit(f'unknown measurement {what}')
    print(json.dumps({'what': what, 'value': result, **extra}))
    conn.close()


if __name__ == '__main__':
    main()
