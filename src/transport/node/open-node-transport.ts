import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { defer, type Observable, throwError } from 'rxjs';
import { UnsupportedError } from '../../errors/unsupported-error.js';
import { flagParam, InvalidUriError, type LibvirtUri, portOf } from '../../connection/libvirt-uri.js';
import { remoteCommand, SSH_PROXIES, type SshProxy, sshArguments } from '../ssh-command.js';
import type { Transport } from '../transport.js';
import { adminSocketPath, chooseUnixSocket, type SocketMode, SOCKET_MODES } from '../unix-socket-path.js';
import { openCommandTransport } from './command-transport.js';
import { openTcpTransport } from './tcp-transport.js';
import { openTlsTransport } from './tls-transport.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, openUnixTransport } from './unix-transport.js';

/** Options for the transports Node can open. */
export interface NodeTransportOptions {
  /** Give up connecting after this many milliseconds. */
  readonly connectTimeoutMs?: number;
}

/** The unix socket of this process's environment for a URI, by libvirt's rules. */
export function unixSocketFor(uri: LibvirtUri | null, readOnly: boolean, forcedMode?: SocketMode): string {
  const mode = forcedMode ?? uri?.params.get('mode') ?? 'auto';
  if (!(SOCKET_MODES as readonly string[]).includes(mode)) {
    throw new RangeError(`unknown socket mode '${mode}' in ${uri?.uri}: expected auto, legacy or direct`);
  }
  return chooseUnixSocket({
    driver: uri?.driver ?? null,
    scheme: uri?.scheme ?? null,
    path: uri?.path ?? '',
    readOnly,
    mode: mode as SocketMode,
    socket: uri?.params.get('socket'),
    uid: process.geteuid?.() ?? 0,
    runtimeDir: process.env.XDG_RUNTIME_DIR,
    home: homedir(),
    exists: existsSync,
  }).path;
}

/** Opens the transport a URI names: unix, tcp, tls, ssh (the system's ssh) or ext (`?command=`). */
export function openNodeTransport(uri: LibvirtUri | null, readOnly: boolean, options: NodeTransportOptions = {}): Observable<Transport> {
  return defer(() => {
    const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    if (uri === null) return openUnixTransport(unixSocketFor(null, readOnly), timeoutMs);
    // Without a host, the network transports reach this machine, as libvirt's do.
    const host = uri.host ?? 'localhost';
    switch (uri.transport) {
      case 'unix':
        return openUnixTransport(unixSocketFor(uri, readOnly), timeoutMs, uri.uri);
      case 'tcp':
        return openTcpTransport(host, portOf(uri) ?? 0, timeoutMs, uri.uri);
      case 'tls':
        return openTlsTransport({
          host,
          port: portOf(uri) ?? 0,
          pkipath: uri.params.get('pkipath'),
          noVerify: flagParam(uri, 'no_verify'),
          timeoutMs,
          uri: uri.uri,
        });
      case 'ssh':
        return openSshTransport(uri, host, readOnly);
      case 'ext': {
        const command = uri.params.get('command');
        if (command === undefined || command === '') throw new InvalidUriError(uri.uri, "for 'ext' transport, command is required");
        // libvirt runs the command itself, with no arguments and no shell.
        return openCommandTransport(command, [], `ext:${command}`, uri.uri);
      }
      case 'libssh':
      case 'libssh2':
        return throwError(() => new UnsupportedError(`${uri.transport} transport`, `cannot open ${uri.uri}: it needs libvirt's ${uri.transport} library; use +ssh, which runs the system's ssh`));
    }
  });
}

/** `ssh … -- host 'sh -c …'`: the remote end reaches the daemon through virt-ssh-helper or netcat. */
function openSshTransport(uri: LibvirtUri, host: string, readOnly: boolean): Observable<Transport> {
  const socket = uri.params.get('socket');
  const proxy = uri.params.get('proxy') ?? (socket !== undefined ? 'netcat' : uri.path === '/session' ? 'native' : 'auto');
  if (!(SSH_PROXIES as readonly string[]).includes(proxy)) throw new InvalidUriError(uri.uri, `unknown proxy type '${proxy}'`);
  // Remote daemons are always reached on their legacy socket (libvirtd or virtproxyd).
  const remote = remoteCommand({
    proxy: proxy as SshProxy,
    netcat: uri.params.get('netcat'),
    socketPath: socket ?? unixSocketFor(uri, readOnly, 'legacy'),
    helperUri: uri.helperName,
    readOnly,
  });
  const args = sshArguments({
    host,
    port: uri.port,
    user: uri.user,
    keyfile: uri.params.get('keyfile'),
    noTty: flagParam(uri, 'no_tty'),
    noVerify: flagParam(uri, 'no_verify'),
    knownHosts: uri.params.get('known_hosts'),
    remoteCommand: remote,
  });
  const user = uri.user === undefined ? '' : `${uri.user}@`;
  const port = uri.port === undefined ? '' : `:${uri.port}`;
  return openCommandTransport(uri.params.get('command') ?? 'ssh', args, `ssh:${user}${host}${port}`, uri.uri);
}

/**
 * Opens a daemon's admin socket. The URI's scheme names the daemon (`libvirtd`, `virtqemud`,
 * `virtproxyd`, ...), its path picks the system or the session instance.
 */
export function openAdminTransport(uri: LibvirtUri, options: NodeTransportOptions = {}): Observable<Transport> {
  return defer(() => {
    if (uri.transport !== 'unix') {
      return throwError(() => new UnsupportedError(`${uri.transport} transport`, `cannot open ${uri.uri}: admin connections use the local admin socket`));
    }
    const session = uri.path === '/session';
    const path = uri.params.get('socket') ?? adminSocketPath(uri.driver, session, { runtimeDir: process.env.XDG_RUNTIME_DIR, home: homedir() });
    return openUnixTransport(path, options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, uri.uri);
  });
}
