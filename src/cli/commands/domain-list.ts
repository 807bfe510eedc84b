import { firstValueFrom, forkJoin, map, of } from 'rxjs';
import { virConnectListAllDomainsFlags } from '../../generated/libvirt/libvirt.js';
import type { RemoteNonnullDomain } from '../../generated/remote/types.js';
import type { CommandSpec } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { domainStateWord } from '../format/domain-state.js';
import { formatTable } from '../format/table.js';

/** `list [--all | --inactive] [--name]`: virsh's table of domains. */
export const listCommand: CommandSpec = {
  positionals: [],
  options: [
    { name: 'all', description: 'list inactive and active domains' },
    { name: 'inactive', description: 'list inactive domains only' },
    { name: 'name', description: 'list domain names only' },
  ],
  async run({ args, io, connection }) {
    const conn = await connection();
    const flags =
      args.flag('all') ? 0
      : args.flag('inactive') ? virConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_INACTIVE
      : virConnectListAllDomainsFlags.VIR_CONNECT_LIST_DOMAINS_ACTIVE;
    const { domains } = await firstValueFrom(conn.connectListAllDomains({ need_results: 1, flags }));
    const rows = await firstValueFrom(
      domains.length === 0 ? of([])
      : forkJoin(domains.map((dom) => conn.domainGetState({ dom, flags: 0 }).pipe(map(({ state }) => ({ dom, state }))))),
    );
    rows.sort((a, b) => virshOrder(a.dom, b.dom));
    if (args.flag('name')) {
      io.stdout.write(rows.map(({ dom }) => `${dom.name}\n`).join('') + '\n');
      return ExitCode.Ok;
    }
    const table = rows.map(({ dom, state }) => [dom.id > 0 ? String(dom.id) : '-', dom.name, domainStateWord(state)]);
    io.stdout.write(formatTable(['Id', 'Name', 'State'], table));
    return ExitCode.Ok;
  },
};

/** virsh's order: running domains by id, then the others (id -1) by name. */
function virshOrder(a: RemoteNonnullDomain, b: RemoteNonnullDomain): number {
  const aActive = a.id > 0;
  if (aActive !== b.id > 0) return aActive ? -1 : 1;
  return aActive ? a.id - b.id : a.name.localeCompare(b.name);
}
