/**
 * The command line libvirt's client runs for `+ssh` URIs (virnetsocket.c,
 * virNetSocketNewConnectSSH, and virnetclient.c, virNetClientSSHHelperCommand), as pure
 * functions: the local `ssh` arguments, and the remote command that reaches the daemon's unix
 * socket through virt-ssh-helper or netcat.
 */

/** `?proxy=`: how the remote end reaches the daemon. */
export const SSH_PROXIES = ['auto', 'netcat', 'native'] as const;
export type SshProxy = (typeof SSH_PROXIES)[number];

export interface RemoteCommandOptions {
  readonly proxy: SshProxy;
  /** `?netcat=`: the remote netcat binary; naming one turns `auto` into `netcat`. */
  readonly netcat?: string | undefined;
  /** The daemon's socket on the remote host, for netcat. */
  readonly socketPath: string;
  /** The URI virt-ssh-helper opens there (the open name, keeping `mode` and `socket`). */
  readonly helperUri: string;
  readonly readOnly: boolean;
}

/** The command the remote shell runs: one string, escaped twice because two shells read it. */
export function remoteCommand(options: RemoteCommandOptions): string {
  const netcat = escapeShellTwice(options.netcat ?? 'nc');
  const uri = escapeShellTwice(options.helperUri);
  // Debian's and SUSE's netcat need -q0 to exit when its input ends.
  const nc =
    `if '${netcat}' -q 2>&1 | grep "requires an argument" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;` +
    `'${netcat}' $ARG -U ${options.socketPath}`;
  const helper = `virt-ssh-helper${options.readOnly ? ' -r ' : ' '}'${uri}'`;
  const proxy = options.proxy === 'auto' && options.netcat !== undefined ? 'netcat' : options.proxy;
  switch (proxy) {
    case 'auto':
      return `sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     ${helper}; else    ${nc}; fi'`;
    case 'netcat':
      return `sh -c '${nc}'`;
    case 'native':
      if (options.netcat !== undefined) throw new RangeError('netcat path not valid with native proxy mode');
      return `sh -c '${helper}'`;
  }
}

export interface SshArgumentOptions {
  readonly host: string;
  readonly port?: number | undefined;
  readonly user?: string | undefined;
  /** `?keyfile=`: passed as `-i`. */
  readonly keyfile?: string | undefined;
  /** `?no_tty=1`: never prompt (`BatchMode=yes`). */
  readonly noTty: boolean;
  /** `?no_verify=1`: accept unknown host keys (`StrictHostKeyChecking=no`). */
  readonly noVerify: boolean;
  /** `?known_hosts=`: the known-hosts file to check the host key against (rxvirt's addition for the ssh binary). */
  readonly knownHosts?: string | undefined;
  readonly remoteCommand: string;
}

/** The arguments after `ssh` (or the `?command=` binary). */
export function sshArguments(options: SshArgumentOptions): string[] {
  const args: string[] = [];
  if (options.port !== undefined) args.push('-p', String(options.port));
  if (options.user !== undefined) args.push('-l', options.user);
  if (options.keyfile !== undefined) args.push('-i', options.keyfile);
  // No terminal and no escape character: the channel carries binary frames.
  args.push('-T', '-e', 'none');
  if (options.noTty) args.push('-o', 'BatchMode=yes');
  if (options.noVerify) args.push('-o', 'StrictHostKeyChecking=no');
  if (options.knownHosts !== undefined) args.push('-o', `UserKnownHostsFile=${options.knownHosts}`);
  args.push('--', options.host, options.remoteCommand);
  return args;
}

/** libvirt's virBufferEscapeShell: single-quoted only when the text has shell metacharacters. */
export function escapeShell(text: string): string {
  if (text !== '' && !/[\r\t\n !"#$&'()*;<>?[\\\]^`{|}~]/.test(text)) return text;
  return `'${text.replaceAll("'", "'\\''")}'`;
}

function escapeShellTwice(text: string): string {
  return escapeShell(escapeShell(text));
}
