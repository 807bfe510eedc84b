import { virDomainStatsTypes, virTypedParameterType } from '../generated/libvirt/libvirt.js';
import type { RemoteDomainStatsRecord } from '../generated/remote/types.js';
import type { FakeDomain } from './domain-model.js';

/**
 * CONNECT_GET_ALL_DOMAIN_STATS for these domains: the one group the test driver reports, `state`
 * (asked for by its bit, or by asking for none, which means every group).
 */
export function domainStats(domains: readonly FakeDomain[], stats: number): RemoteDomainStatsRecord[] {
  const withState = stats === 0 || (stats & virDomainStatsTypes.VIR_DOMAIN_STATS_STATE) !== 0;
  return domains.map((dom) => ({
    dom: dom.ref,
    params: withState
      ? [
          { field: 'state.state', value: { type: virTypedParameterType.VIR_TYPED_PARAM_INT, i: dom.state } },
          { field: 'state.reason', value: { type: virTypedParameterType.VIR_TYPED_PARAM_INT, i: dom.reason } },
        ]
      : [],
  }));
}
