#!/usr/bin/python3
"""Peers for bench/events.ts. Timestamps are CLOCK_MONOTONIC nanoseconds, the clock Node's
process.hrtime.bigint() reads too, so times from different processes compare.

  events.py drive N   suspend and resume domain `test` N times; print the return time of each call
  events.py listen N  print "ready", then the arrival time of each of 2N lifecycle events
                      (python-libvirt's default event loop in a thread)
  events.py drive-many N NAME...  one thread per domain NAME, each suspending and resuming it N
                      times: calls pipelined on one connection (W6's load)
  events.py listen-all TOTAL  print "ready", then [first, last] arrival times of TOTAL lifecycle
                      events of any domain (W6's python listener)
"""
import json
import sys
import threading
import time

import libvirt

URI = 'test+unix:///default'


def drive(cycles):
    conn = libvirt.open(URI)
    dom = conn.lookupByName('test')
    returns = []
    for _ in range(cycles):
        dom.suspend()
        returns.append(time.monotonic_ns())
        dom.resume()
        returns.append(time.monotonic_ns())
    print(json.dumps(returns))
    conn.close()


def listen(cycles):
    libvirt.virEventRegisterDefaultImpl()
    conn = libvirt.open(URI)
    arrivals = []
    done = threading.Event()

    def on_lifecycle(_conn, _dom, _event, _detail, _opaque):
        arrivals.append(time.monotonic_ns())
        if len(arrivals) == cycles * 2:
            done.set()

    def loop():
        while not done.is_set():
            libvirt.virEventRunDefaultImpl()

    callback = conn.domainEventRegisterAny(conn.lookupByName('test'), libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, on_lifecycle, None)
    threading.Thread(target=loop, daemon=True).start()
    print('ready', flush=True)
    if not done.wait(60):
        raise SystemExit(f'only {len(arrivals)} of {cycles * 2} events arrived')
    conn.domainEventDeregisterAny(callback)
    print(json.dumps(arrivals), flush=True)
    conn.close()


def drive_many(cycles, names):
    conn = libvirt.open(URI)

    def churn(name):
        dom = conn.lookupByName(name)
        for _ in range(cycles):
            dom.suspend()
            dom.resume()

    threads = [threading.Thread(target=churn, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    conn.close()


def listen_all(total):
    libvirt.virEventRegisterDefaultImpl()
    conn = libvirt.open(URI)
    arrivals = []
    done = threading.Event()

    def on_lifecycle(_conn, _dom, _event, _detail, _opaque):
        now = time.monotonic_ns()
        if not arrivals:
            arrivals.append(now)
        arrivals[1:] = [now]
        on_lifecycle.count += 1
        if on_lifecycle.count == total:
            done.set()

    on_lifecycle.count = 0

    def loop():
        while not done.is_set():
            libvirt.virEventRunDefaultImpl()

    callback = conn.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, on_lifecycle, None)
    threading.Thread(target=loop, daemon=True).start()
    print('ready', flush=True)
    if not done.wait(120):
        raise SystemExit(f'only {on_lifecycle.count} of {total} events arrived')
    conn.domainEventDeregisterAny(callback)
    print(json.dumps(arrivals), flush=True)
    conn.close()


if __name__ == '__main__':
    mode = sys.argv[1]
    if mode == 'drive-many':
        drive_many(int(sys.argv[2]), sys.argv[3:])
    elif mode == 'listen-all':
        listen_all(int(sys.argv[2]))
    else:
        {'drive': drive, 'listen': listen}[mode](int(sys.argv[2]))
