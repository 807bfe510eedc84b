import { SYSTEM_TLS_PATHS, tlsCredentialPaths } from '../../src/transport/tls-credentials.js';

describe('tlsCredentialPaths (libvirt virNetTLSContextLocateCredentials)', () => {
  const none = (): boolean => false;

  it('takes everything from ?pkipath=', () => {
    expect(tlsCredentialPaths({ pkipath: '/p', privileged: true, exists: none })).toEqual({
      ca: '/p/cacert.pem',
      crl: '/p/cacrl.pem',
      cert: '/p/clientcert.pem',
      key: '/p/clientkey.pem',
    });
  });

  it('uses the system locations for root, whatever is in its home', () => {
    expect(tlsCredentialPaths({ privileged: true, home: '/root', exists: () => true })).toEqual(SYSTEM_TLS_PATHS);
    expect(SYSTEM_TLS_PATHS).toEqual({
      ca: '/etc/pki/CA/cacert.pem',
      crl: '/etc/pki/CA/cacrl.pem',
      cert: '/etc/pki/libvirt/clientcert.pem',
      key: '/etc/pki/libvirt/private/clientkey.pem',
    });
  });

  it('prefers ~/.pki/libvirt file by file for other users, certificate and key only as a pair', () => {
    const present = new Set(['/home/u/.pki/libvirt/cacert.pem', '/home/u/.pki/libvirt/clientcert.pem']);
    expect(tlsCredentialPaths({ privileged: false, home: '/home/u', exists: (path) => present.has(path) })).toEqual({
      ...SYSTEM_TLS_PATHS,
      ca: '/home/u/.pki/libvirt/cacert.pem',
    });
    present.add('/home/u/.pki/libvirt/clientkey.pem');
    expect(tlsCredentialPaths({ privileged: false, home: '/home/u', exists: (path) => present.has(path) })).toMatchObject({
      cert: '/home/u/.pki/libvirt/clientcert.pem',
      key: '/home/u/.pki/libvirt/clientkey.pem',
    });
  });
});
