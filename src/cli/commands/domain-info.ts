import { firstValueFrom, type Observable } from 'rxjs';
import type { CommandSpec } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { domainStateWord } from '../format/domain-state.js';
import { formatLabelled } from '../format/labelled.js';
import { LibvirtError } from '../../rpc/libvirt-error.js';
import { formatUuid } from '../../testing/uuid.js';
import { lookupDomain } from '../lookup-domain.js';

const DOMAIN = [{ name: 'domain', description: 'domain name, id or uuid' }] as const;

/** `dominfo DOMAIN`: virsh's summary of a domain, line for line. */
export const dominfoCommand: CommandSpec = {
  positionals: DOMAIN,
  options: [],
  async run({ args, io, connection }) {
    const conn = await connection();
    const dom = await lookupDomain(conn, args.required('domain'));
    const info = await firstValueFrom(conn.domainGetInfo({ dom }));
    // Like virsh, leave out (or say "unknown" for) what this driver cannot tell.
    const [osType, persistent, autostart, managedSave, securityModel, securityLabel] = await Promise.all([
      optional(conn.domainGetOsType({ dom })),
      optional(conn.domainIsPersistent({ dom })),
      optional(conn.domainGetAutostart({ dom })),
      optional(conn.domainHasManagedSaveImage({ dom, flags: 0 })),
      optional(conn.nodeGetSecurityModel()),
      optional(conn.domainGetSecurityLabel({ dom })),
    ]);
    const rows: [string, string][] = [
      ['Id', dom.id > 0 ? String(dom.id) : '-'],
      ['Name', dom.name],
      ['UUID', formatUuid(dom.uuid)],
    ];
    if (osType !== undefined) rows.push(['OS Type', osType]);
    rows.push(['State', domainStateWord(info.state)], ['CPU(s)', String(info.nrVirtCpu)]);
    if (info.cpuTime !== 0n) rows.push(['CPU time', `${(Number(info.cpuTime) / 1e9).toFixed(1)}s`]);
    rows.push(['Max memory', `${info.maxMem} KiB`], ['Used memory', `${info.memory} KiB`]);
    rows.push(['Persistent', persistent === undefined ? 'unknown' : persistent ? 'yes' : 'no']);
    if (autostart !== undefined) rows.push(['Autostart', autostart ? 'enable' : 'disable']);
    rows.push(['Managed save', managedSave === undefined ? 'unknown' : managedSave ? 'yes' : 'no']);
    const model = securityModel === undefined ? '' : cString(securityModel.model);
    if (securityModel !== undefined && model !== '') {
      rows.push(['Security model', model], ['Security DOI', cString(securityModel.doi)]);
      if (securityLabel !== undefined && cString(securityLabel.label) !== '') {
        rows.push(['Security label', `${cString(securityLabel.label)} (${securityLabel.enforcing ? 'enforcing' : 'permissive'})`]);
      }
    }
    io.stdout.write(formatLabelled(rows));
    return ExitCode.Ok;
  },
};

/** The call's value, or undefined when the daemon refuses it (a driver without that API). */
async function optional<T>(call: Observable<T>): Promise<T | undefined> {
  try {
    return await firstValueFrom(call);
  } catch (error) {
    if (error instanceof LibvirtError) return undefined;
    throw error;
  }
}

/** A NUL-terminated C string received as a fixed char array. */
function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
}
