#!/usr/bin/python3
"""python-libvirt side of bench/call-path.ts: the same measurements, one JSON object per line."""
import json
import sys
import threading
import time

import libvirt

URI = 'test+unix:///default'
# Calls made before the clock starts, as on the rxvirt side (where they warm up the JIT).
WARMUP_CALLS = 2000


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
    start = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return per * threads / (time.perf_counter() - start)


def main():
    what = sys.argv[1]
    n = int(sys.argv[2])
    conn = libvirt.open(URI)
    if what == 'version':
        result = rate(n, conn.getLibVersion)
    elif what == 'lookup':
        result = rate(n, lambda: conn.lookupByName('test'))
    elif what == 'inflight64':
        result = threaded_rate(conn, n, 64)
    elif what == 'list':
        # The caller defined the domains on this connection's driver already? No: define here.
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
    print(json.dumps({'what': what, 'value': result}))
    conn.close()


if __name__ == '__main__':
    main()
