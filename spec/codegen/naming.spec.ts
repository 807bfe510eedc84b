import { camelCase, decoderName, encoderName, payloadStructName, procedureStem, typeName } from '../../tools/codegen/naming.js';

describe('naming', () => {
  it('makes PascalCase type names from .x names', () => {
    expect(typeName('remote_nonnull_domain')).toBe('RemoteNonnullDomain');
    expect(typeName('virNetMessageHeader')).toBe('VirNetMessageHeader');
    expect(typeName('remote_domain_migrate_prepare_tunnel3_params_args')).toBe('RemoteDomainMigratePrepareTunnel3ParamsArgs');
    expect(encoderName('remote_typed_param')).toBe('encodeRemoteTypedParam');
    expect(decoderName('remote_typed_param')).toBe('decodeRemoteTypedParam');
  });

  it('makes camelCase method names from procedure names', () => {
    expect(camelCase(procedureStem('REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME', 'REMOTE_PROC_'))).toBe('domainLookupByName');
    expect(camelCase(procedureStem('QEMU_PROC_DOMAIN_MONITOR_COMMAND', 'QEMU_PROC_'))).toBe('domainMonitorCommand');
    expect(camelCase('DOMAIN_MIGRATE_PREPARE_TUNNEL3')).toBe('domainMigratePrepareTunnel3');
    expect(camelCase('PING')).toBe('ping');
    expect(() => procedureStem('QEMU_PROC_X', 'REMOTE_PROC_')).toThrow(/does not start with/);
  });

  it('follows libvirt payload naming', () => {
    expect(payloadStructName('remote_', 'DOMAIN_LOOKUP_BY_NAME', 'args')).toBe('remote_domain_lookup_by_name_args');
    expect(payloadStructName('lxc_', 'DOMAIN_OPEN_NAMESPACE', 'ret')).toBe('lxc_domain_open_namespace_ret');
    expect(payloadStructName('remote_', 'DOMAIN_EVENT_CALLBACK_LIFECYCLE', 'msg')).toBe('remote_domain_event_callback_lifecycle_msg');
  });
});
