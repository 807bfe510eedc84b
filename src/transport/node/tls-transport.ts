import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { concatMap, defer, map, Observable } from 'rxjs';
import { TlsCertificateError, type Transport, TransportError } from '../transport.js';
import { tlsCredentialPaths } from '../tls-credentials.js';
import { type ConnectTarget, connectFailure, connectSocket, targetLabel } from './connect-socket.js';
import { SocketTransport } from './socket-transport.js';
import { hostPort } from './tcp-transport.js';

export interface TlsTransportOptions {
  readonly host: string;
  readonly port: number;
  /** `?pkipath=`: the directory holding `cacert.pem`, `clientcert.pem`, `clientkey.pem`. */
  readonly pkipath?: string | undefined;
  /** `?no_verify=1`: accept any server certificate. */
  readonly noVerify: boolean;
  readonly timeoutMs: number;
  readonly uri?: string | undefined;
}

/** Codes of Node's certificate verification failures and of TLS alerts about certificates. */
const CERTIFICATE_CODE = /CERT|UNKNOWN_CA|INVALID_CA|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

/**
 * Connects to a daemon's TLS port (`listen_tls`, 16514 by default) with libvirt's credentials,
 * then waits for the byte the daemon sends once it has accepted the client's certificate.
 */
export function openTlsTransport(options: TlsTransportOptions): Observable<Transport> {
  const description = `tls:${hostPort(options.host, options.port)}`;
  const target: ConnectTarget = { description, uri: options.uri };
  return defer(() => {
    const credentials = readCredentials(options, target);
    return connectSocket(
      () =>
        tlsConnect({
          host: options.host,
          port: options.port,
          // SNI takes names only; Node checks an address against the certificate's IP entries.
          servername: isIP(options.host) === 0 ? options.host : undefined,
          rejectUnauthorized: !options.noVerify,
          ...credentials,
        }),
      'secureConnect',
      target,
      options.timeoutMs,
      classifyTlsError,
    );
  }).pipe(
    concatMap((socket) => awaitConfirmation(socket, target)),
    map((socket) => new SocketTransport(socket, description)),
  );
}

/** Only libvirt's CA is trusted, never the system's roots; the client certificate is optional. */
function readCredentials(options: TlsTransportOptions, target: ConnectTarget): { ca: Buffer; crl?: Buffer; cert?: Buffer; key?: Buffer } {
  const paths = tlsCredentialPaths({ pkipath: options.pkipath, privileged: process.geteuid?.() === 0, home: homedir(), exists: existsSync });
  const read = (what: string, path: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new TransportError(`cannot connect to ${targetLabel(target)}: cannot read the ${what} ${path} (${code})`, target.description, code, { cause: err, uri: target.uri });
    }
  };
  return {
    ca: read('CA certificate', paths.ca),
    ...(existsSync(paths.crl) ? { crl: read('certificate revocation list', paths.crl) } : {}),
    ...(existsSync(paths.cert) && existsSync(paths.key) ? { cert: read('client certificate', paths.cert), key: read('client key', paths.key) } : {}),
  };
}

function classifyTlsError(err: NodeJS.ErrnoException, target: ConnectTarget): TransportError {
  if (err.code === undefined || !CERTIFICATE_CODE.test(err.code)) return connectFailure(err, target);
  return new TlsCertificateError(`TLS certificate check failed for ${targetLabel(target)}: ${err.message} (${err.code})`, target.description, err.code, {
    cause: err,
    uri: target.uri,
  });
}

/**
 * libvirtd checks the client's certificate after the handshake and sends one byte, 1, when it
 * accepts it; otherwise it hangs up. Reads exactly that byte and leaves the rest buffered.
 */
function awaitConfirmation(socket: TLSSocket, target: ConnectTarget): Observable<TLSSocket> {
  return new Observable<TLSSocket>((subscriber) => {
    let confirmed = false;
    const refused = (detail: string): TlsCertificateError =>
      new TlsCertificateError(`TLS session with ${targetLabel(target)} refused: ${detail}`, target.description, 'CERT_REJECTED', { uri: target.uri });
    const onReadable = (): void => {
      const byte = socket.read(1) as Buffer | null;
      if (byte === null) return;
      cleanup();
      if (byte[0] === 1) {
        confirmed = true;
        subscriber.next(socket);
        subscriber.complete();
      } else {
        subscriber.error(refused(`the daemon sent ${byte[0]} instead of its confirmation byte`));
      }
    };
    const onError = (err: NodeJS.ErrnoException): void => {
      cleanup();
      subscriber.error(classifyTlsError(err, target));
    };
    const onClose = (): void => {
      cleanup();
      subscriber.error(refused('the daemon closed the connection instead of confirming the session (it did not accept the client certificate, or none was presented)'));
    };
    const cleanup = (): void => {
      socket.off('readable', onReadable);
      socket.off('error', onError);
      socket.off('close', onClose);
    };
    socket.on('readable', onReadable);
    socket.once('error', onError);
    socket.once('close', onClose);
    return () => {
      cleanup();
      if (!confirmed) socket.destroy();
    };
  });
}
