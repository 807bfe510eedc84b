// What scripts/libvirtd/remote-credentials.sh creates for the remote-transport tests, and the
// listeners libvirtd.conf opens on loopback.
import { createServer } from 'node:net';

export const TEST_DIR = process.env.RXVIRT_TEST_DIR ?? '/var/lib/rxvirt-test';
/** CA, client certificate and key trusted by the daemon (a `?pkipath=` directory). */
export const PKI = `${TEST_DIR}/pki`;
/** Trusts another CA: the daemon's certificate fails verification. */
export const PKI_UNTRUSTED = `${TEST_DIR}/pki-untrusted`;
/** Trusts the right CA but presents a certificate the daemon does not accept. */
export const PKI_STRANGER = `${TEST_DIR}/pki-stranger`;
/** The directory SASL_CONF_PATH names: libvirt.conf and the sasldb. */
export const SASL_DIR = `${TEST_DIR}/sasl`;
export const SASL_USER = 'rxvirt';
export const SASL_PASSWORD = 'rxvirt-secret';

export const TCP_URI = 'test+tcp://127.0.0.1/default';
export const TLS_URI = `test+tls://127.0.0.1/default?pkipath=${PKI}`;

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
