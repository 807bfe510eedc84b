#!/usr/bin/python3
"""Peer for bench/fleet.ts: C connections in one process, each with one libvirt.open and one
domainEventRegisterAny (lifecycle, of one transient domain), python-libvirt's default event
loop in a thread. Prints one JSON line: RSS per connection, fan-out latencies, lost events.

  fleet.py C CYCLES
"""
import gc
import json
import os
import sys
import threading
import time

import libvirt

URI = 'test+unix:///default'
EVENT_TIMEOUT_S = 30
PAGE = os.sysconf('SC_PAGE_SIZE')


def rss_bytes():
    with open('/proc/self/statm') as statm:
        return int(statm.read().split()[1]) * PAGE


def main(count, cycles):
    libvirt.virEventRegisterDefaultImpl()
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            libvirt.virEventRunDefaultImpl()

    owner = libvirt.open(URI)
    name = f'python-fleet-{os.getpid()}'
    dom = owner.createXML(f"<domain type='test'><name>{name}</name><memory>8192</memory><os><type>hvm</type></os></domain>", 0)
    gc.collect()
    time.sleep(0.5)
    baseline = rss_bytes()

    lock = threading.Lock()
    state = {'received': 0, 'round': 0, 'last': 0.0}
    all_in = threading.Event()

    def on_lifecycle(_conn, _dom, _event, _detail, _opaque):
        with lock:
            state['received'] += 1
            state['round'] += 1
            state['last'] = time.monotonic()
            if state['round'] == count:
                all_in.set()

    conns = []
    for _ in range(count):
        conn = libvirt.open(URI)
        conn.domainEventRegisterAny(conn.lookupByUUID(dom.UUID()), libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, on_lifecycle, None)
        conns.append(conn)
    # Started once the connections are registered, as libvirt's own examples do.
    threading.Thread(target=loop, daemon=True).start()
    gc.collect()
    time.sleep(0.5)
    connected = rss_bytes()

    latencies = []
    for _ in range(cycles):
        for act in (dom.suspend, dom.resume):
            with lock:
                state['round'] = 0
            all_in.clear()
            start = time.monotonic()
            act()
            # A round whose events did not all arrive has no fan-out time (its losses are counted).
            latencies.append((state['last'] - start) * 1000 if all_in.wait(EVENT_TIMEOUT_S) else float('nan'))
    time.sleep(0.2)
    received = state['received']
    dom.destroy()
    stop.set()
    print(json.dumps({
        'bytesPerConnection': (connected - baseline) / count,
        'rss': connected,
        'latenciesMs': latencies,
        'lost': count * 2 * cycles - received,
    }))


if __name__ == '__main__':
    main(int(sys.argv[1]), int(sys.argv[2]))
