# python3-libvirt's view of one domain's events, for comparison with rxvirt's: prints one JSON line
# per lifecycle event and per QEMU monitor (QMP) event, after a {"kind": "ready"} line once both
# callbacks are registered. Exits when its standard input closes.
# Usage: python3 watch-events.py URI DOMAIN
import json
import os
import sys
import threading

import libvirt
import libvirt_qemu


def emit(record):
    print(json.dumps(record), flush=True)


def on_lifecycle(_conn, _dom, event, detail, _opaque):
    emit({"kind": "lifecycle", "event": event, "detail": detail})


def on_monitor_event(_conn, _dom, event, seconds, micros, details, _opaque):
    emit({"kind": "qemu-monitor", "event": event, "seconds": seconds, "micros": micros, "details": details})


def main():
    uri, name = sys.argv[1], sys.argv[2]
    libvirt.virEventRegisterDefaultImpl()
    conn = libvirt.open(uri)
    dom = conn.lookupByName(name)
    conn.domainEventRegisterAny(dom, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, on_lifecycle, None)
    libvirt_qemu.qemuMonitorEventRegister(conn, dom, None, on_monitor_event, None, 0)
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    emit({"kind": "ready"})
    while True:
        libvirt.virEventRunDefaultImpl()


main()
