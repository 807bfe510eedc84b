import { execFileSync } from 'node:child_process';

/** Runs virsh (the reference client) against the same daemon and returns its stdout. */
export function virsh(uri: string, ...args: string[]): string {
  return execFileSync('virsh', ['-c', uri, ...args], { encoding: 'utf8', timeout: 20_000 });
}

/** `virsh nodeinfo` as a map of its labels to values. */
export function virshTable(output: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of output.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) rows.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return rows;
}

/** The daemon's version as a number (9.0.0 → 9000000), from `virsh version --daemon`. */
export function virshDaemonVersion(uri: string): bigint {
  const match = /Running against daemon: (\d+)\.(\d+)\.(\d+)/.exec(virsh(uri, 'version', '--daemon'));
  if (!match) throw new Error('virsh version --daemon printed no daemon version');
  return BigInt(Number(match[1]) * 1_000_000 + Number(match[2]) * 1_000 + Number(match[3]));
}
