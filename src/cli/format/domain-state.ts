import { virDomainState } from '../../generated/libvirt/libvirt.js';

/** virsh's words for a domain's state (virshDomainStateToString). */
const STATE_WORDS: Readonly<Record<number, string>> = {
  [virDomainState.VIR_DOMAIN_NOSTATE]: 'no state',
  [virDomainState.VIR_DOMAIN_RUNNING]: 'running',
  [virDomainState.VIR_DOMAIN_BLOCKED]: 'idle',
  [virDomainState.VIR_DOMAIN_PAUSED]: 'paused',
  [virDomainState.VIR_DOMAIN_SHUTDOWN]: 'in shutdown',
  [virDomainState.VIR_DOMAIN_SHUTOFF]: 'shut off',
  [virDomainState.VIR_DOMAIN_CRASHED]: 'crashed',
  [virDomainState.VIR_DOMAIN_PMSUSPENDED]: 'pmsuspended',
};

export function domainStateWord(state: number): string {
  return STATE_WORDS[state] ?? 'no state';
}
