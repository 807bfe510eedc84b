import { firstValueFrom, type Observable } from 'rxjs';
import type { Connection } from '../../connection/connection.js';
import { virDomainXMLFlags } from '../../generated/libvirt/libvirt.js';
import type { RemoteNonnullDomain } from '../../generated/remote/types.js';
import type { CommandSpec } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { lookupDomain } from '../lookup-domain.js';

const DOMAIN = [{ name: 'domain', description: 'domain name, id or uuid' }] as const;

/** A command that does one thing to a domain and says so as virsh does. */
function domainAction(act: (conn: Connection, dom: RemoteNonnullDomain) => Observable<void>, done: string): CommandSpec {
  return {
    positionals: DOMAIN,
    options: [],
    async run({ args, io, connection }) {
      const conn = await connection();
      const dom = await lookupDomain(conn, args.required('domain'));
      await firstValueFrom(act(conn, dom), { defaultValue: undefined });
      io.stdout.write(`Domain '${dom.name}' ${done}\n\n`);
      return ExitCode.Ok;
    },
  };
}

export const startCommand = domainAction((conn, dom) => conn.domainCreate({ dom }), 'started');
export const shutdownCommand = domainAction((conn, dom) => conn.domainShutdown({ dom }), 'is being shutdown');
export const destroyCommand = domainAction((conn, dom) => conn.domainDestroy({ dom }), 'destroyed');
export const suspendCommand = domainAction((conn, dom) => conn.domainSuspend({ dom }), 'suspended');
export const resumeCommand = domainAction((conn, dom) => conn.domainResume({ dom }), 'resumed');

/** `dumpxml DOMAIN [--inactive] [--security-info]`: the domain's XML description. */
export const dumpxmlCommand: CommandSpec = {
  positionals: DOMAIN,
  options: [
    { name: 'inactive', description: 'show the inactive (persistent) definition' },
    { name: 'security-info', description: 'include security sensitive information' },
  ],
  async run({ args, io, connection }) {
    const conn = await connection();
    const dom = await lookupDomain(conn, args.required('domain'));
    const flags =
      (args.flag('security-info') ? virDomainXMLFlags.VIR_DOMAIN_XML_SECURE : 0) | (args.flag('inactive') ? virDomainXMLFlags.VIR_DOMAIN_XML_INACTIVE : 0);
    const xml = await firstValueFrom(conn.domainGetXmlDesc({ dom, flags }));
    io.stdout.write(xml.endsWith('\n') ? xml : `${xml}\n`);
    return ExitCode.Ok;
  },
};
