/**
 * Where libvirt's client looks for its TLS credentials (virnettlscontext.c,
 * virNetTLSContextLocateCredentials), as a pure function so that the rules can be tested
 * without the files.
 */

/** The files a TLS client uses. */
export interface TlsCredentialPaths {
  /** The CA certificate(s) the server's certificate must chain to. Required. */
  readonly ca: string;
  /** A certificate revocation list, used when the file exists. */
  readonly crl: string;
  /** The client's certificate and key, presented when both exist. */
  readonly cert: string;
  readonly key: string;
}

export interface TlsCredentialQuery {
  /** `?pkipath=DIR`: everything comes from DIR (`cacert.pem`, `cacrl.pem`, `clientcert.pem`, `clientkey.pem`). */
  readonly pkipath?: string | undefined;
  /** Root uses the system locations only; other users try `~/.pki/libvirt` first. */
  readonly privileged: boolean;
  readonly home?: string | undefined;
  readonly exists: (path: string) => boolean;
}

/** libvirt's system-wide locations. */
export const SYSTEM_TLS_PATHS: TlsCredentialPaths = {
  ca: '/etc/pki/CA/cacert.pem',
  crl: '/etc/pki/CA/cacrl.pem',
  cert: '/etc/pki/libvirt/clientcert.pem',
  key: '/etc/pki/libvirt/private/clientkey.pem',
};

export function tlsCredentialPaths(query: TlsCredentialQuery): TlsCredentialPaths {
  if (query.pkipath !== undefined && query.pkipath !== '') {
    const dir = query.pkipath;
    return { ca: `${dir}/cacert.pem`, crl: `${dir}/cacrl.pem`, cert: `${dir}/clientcert.pem`, key: `${dir}/clientkey.pem` };
  }
  if (query.privileged || query.home === undefined) return SYSTEM_TLS_PATHS;
  // Each user file that exists wins over the system one; certificate and key only as a pair.
  const dir = `${query.home}/.pki/libvirt`;
  const userPair = query.exists(`${dir}/clientcert.pem`) && query.exists(`${dir}/clientkey.pem`);
  return {
    ca: query.exists(`${dir}/cacert.pem`) ? `${dir}/cacert.pem` : SYSTEM_TLS_PATHS.ca,
    crl: query.exists(`${dir}/cacrl.pem`) ? `${dir}/cacrl.pem` : SYSTEM_TLS_PATHS.crl,
    cert: userPair ? `${dir}/clientcert.pem` : SYSTEM_TLS_PATHS.cert,
    key: userPair ? `${dir}/clientkey.pem` : SYSTEM_TLS_PATHS.key,
  };
}
