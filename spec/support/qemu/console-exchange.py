# python3-libvirt on a domain's serial console: sends one line and prints everything the guest
# writes back until the guest's answer to it has arrived (or 20 s have passed: exit status 1).
# Usage: python3 console-exchange.py URI DOMAIN LINE
import signal
import sys

import libvirt


def main():
    uri, name, line = sys.argv[1], sys.argv[2], sys.argv[3]
    signal.alarm(20)
    conn = libvirt.open(uri)
    dom = conn.lookupByName(name)
    stream = conn.newStream(0)
    dom.openConsole(None, stream, 0)
    stream.send((line + "\n").encode())
    answer = ("rxvirt-guest heard: " + line).encode()
    received = b""
    while answer not in received:
        chunk = stream.recv(4096)
        if not chunk:
            break
        received += chunk
    stream.abort()
    sys.stdout.write(received.decode(errors="replace"))
    sys.exit(0 if answer in received else 1)


main()
