import {
  decodeRemoteAuthSaslStartArgs,
  decodeRemoteConnectGetMaxVcpusArgs,
  decodeRemoteDomainSetSchedulerParametersArgs,
  decodeRemoteNodeGetInfoRet,
  decodeRemoteNonnullDomain,
  decodeRemoteTypedParam,
  encodeRemoteAuthSaslStartArgs,
  encodeRemoteConnectGetMaxVcpusArgs,
  encodeRemoteDomainSetSchedulerParametersArgs,
  encodeRemoteNodeGetInfoRet,
  encodeRemoteTypedParam,
} from '../../src/generated/remote/codecs.js';
import { decodeVirNetMessageError, decodeVirNetStreamHole, encodeVirNetStreamHole } from '../../src/generated/virnet/codecs.js';
import { virTypedParameterType } from '../../src/generated/libvirt/libvirt.js';
import { REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX } from '../../src/generated/remote/constants.js';
import { XdrError, XdrErrorReason } from '../../src/xdr/xdr-error.js';
import { XdrReader } from '../../src/xdr/reader.js';
import { XdrWriter } from '../../src/xdr/writer.js';
import { INT64_MAX, INT64_MIN, UINT64_MAX } from '../../src/xdr/limits.js';
import type { XdrDecoder, XdrEncoder } from '../../src/protocol/procedure.js';
import type { RemoteNonnullDomain, RemoteTypedParam } from '../../src/generated/remote/types.js';

function encode<T>(encoder: XdrEncoder<T>, value: T): Uint8Array {
  const writer = new XdrWriter();
  encoder(writer, value);
  return writer.finish().slice();
}

function decode<T>(decoder: XdrDecoder<T>, bytes: Uint8Array): T {
  const reader = new XdrReader(bytes);
  const value = decoder(reader);
  reader.expectEnd();
  return value;
}

function roundTrip<T>(encoder: XdrEncoder<T>, decoder: XdrDecoder<T>, value: T): T {
  return decode(decoder, encode(encoder, value));
}

/** Bytes from hex text; spaces are for readability. */
function bytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
}

const UUID = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
const DOMAIN: RemoteNonnullDomain = { name: 'test', uuid: UUID, id: 1 };

describe('generated remote codecs', () => {
  it('round-trips remote_typed_param through every union arm', () => {
    const values: RemoteTypedParam[] = [
      { field: 'int', value: { type: virTypedParameterType.VIR_TYPED_PARAM_INT, i: -5 } },
      { field: 'uint', value: { type: virTypedParameterType.VIR_TYPED_PARAM_UINT, ui: 4294967295 } },
      { field: 'llong', value: { type: virTypedParameterType.VIR_TYPED_PARAM_LLONG, l: INT64_MIN } },
      { field: 'ullong', value: { type: virTypedParameterType.VIR_TYPED_PARAM_ULLONG, ul: UINT64_MAX } },
      { field: 'double', value: { type: virTypedParameterType.VIR_TYPED_PARAM_DOUBLE, d: 0.5 } },
      { field: 'boolean', value: { type: virTypedParameterType.VIR_TYPED_PARAM_BOOLEAN, b: 1 } },
      { field: 'string', value: { type: virTypedParameterType.VIR_TYPED_PARAM_STRING, s: 'ünïcode' } },
    ];
    for (const value of values) expect(roundTrip(encodeRemoteTypedParam, decodeRemoteTypedParam, value)).toEqual(value);
    expect(roundTrip(encodeRemoteTypedParam, decodeRemoteTypedParam, { field: 'x', value: { type: 3, l: INT64_MAX } })).toEqual({
      field: 'x',
      value: { type: 3, l: INT64_MAX },
    });
  });

  it('decodes a hand-made remote_typed_param and rejects an unknown type', () => {
    const ullong = bytes('00000003 63707500   00000004   ffffffff ffffffff');
    expect(decode(decodeRemoteTypedParam, ullong)).toEqual({ field: 'cpu', value: { type: 4, ul: UINT64_MAX } });
    const unknown = bytes('00000001 78000000   00000009');
    expect(() => decode(decodeRemoteTypedParam, unknown)).toThrow(XdrError);
    expect(() => decode(decodeRemoteTypedParam, unknown)).toThrow(/remote_typed_param_value has no arm for type 9 \(at byte 8\)/);
    const encodeUnknown = (): unknown => encode(encodeRemoteTypedParam, { field: 'x', value: { type: 9 } } as unknown as RemoteTypedParam);
    expect(encodeUnknown).toThrow(expect.objectContaining({ reason: XdrErrorReason.InvalidValue }));
  });

  it('sends node_get_info_ret char model[32] as 128 bytes', () => {
    const info = { model: 'x86_64', memory: 8_000_000n, cpus: 4, mhz: 2400, nodes: 1, sockets: 1, cores: 4, threads: 1 };
    const wire = encode(encodeRemoteNodeGetInfoRet, info);
    expect(wire.length).toBe(128 + 8 + 6 * 4);
    expect(decode(decodeRemoteNodeGetInfoRet, wire)).toEqual(info);
    const handMade = bytes(
      '00000078 00000038 00000036 0000005f 00000036 00000034' + '00000000'.repeat(26) +
        '00000000 007a1200 00000004 00000960 00000001 00000001 00000004 00000001',
    );
    expect(decode(decodeRemoteNodeGetInfoRet, handMade)).toEqual(info);
  });

  it('sends remote_auth_sasl_start_args char data<> as one 4-byte integer per byte', () => {
    const args = { mech: 'PLAIN', nil: 0, data: Uint8Array.from([0x61, 0xff]) };
    const wire = encode(encodeRemoteAuthSaslStartArgs, args);
    expect(Buffer.from(wire).toString('hex')).toBe('00000005' + '504c41494e000000' + '00000000' + '00000002' + '00000061' + 'ffffffff');
    expect(decode(decodeRemoteAuthSaslStartArgs, wire)).toEqual(args);
  });

  it('encodes nullable strings with an optional-data marker', () => {
    expect(Buffer.from(encode(encodeRemoteConnectGetMaxVcpusArgs, { type: null })).toString('hex')).toBe('00000000');
    expect(decode(decodeRemoteConnectGetMaxVcpusArgs, bytes('00000001 00000003 6b766d00'))).toEqual({ type: 'kvm' });
    expect(() => decode(decodeRemoteConnectGetMaxVcpusArgs, bytes('00000002'))).toThrow(XdrError);
  });

  it('decodes a hand-made remote_nonnull_domain', () => {
    const wire = bytes('00000004 74657374' + '0102030405060708090a0b0c0d0e0f10' + 'ffffffff');
    expect(decode(decodeRemoteNonnullDomain, wire)).toEqual({ name: 'test', uuid: UUID, id: -1 });
  });

  it('accepts a list at its maximum and rejects one more, both ways', () => {
    const param: RemoteTypedParam = { field: 'f', value: { type: 1, i: 0 } };
    const full = { dom: DOMAIN, params: Array.from({ length: REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX }, () => param) };
    expect(REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX).toBe(16);
    expect(roundTrip(encodeRemoteDomainSetSchedulerParametersArgs, decodeRemoteDomainSetSchedulerParametersArgs, full)).toEqual(full);
    const tooMany = { dom: DOMAIN, params: [...full.params, param] };
    expect(() => encode(encodeRemoteDomainSetSchedulerParametersArgs, tooMany)).toThrow(
      expect.objectContaining({ reason: XdrErrorReason.LimitExceeded }),
    );
    const wire = encode(encodeRemoteDomainSetSchedulerParametersArgs, full);
    const domainLength = 4 + 4 + 16 + 4;
    wire[domainLength + 3] = 17;
    expect(() => decode(decodeRemoteDomainSetSchedulerParametersArgs, wire)).toThrow(
      expect.objectContaining({ reason: XdrErrorReason.LimitExceeded }),
    );
  });
});

describe('generated virnet codecs', () => {
  it('decodes a hand-made virNetMessageError', () => {
    const wire = bytes(
      '0000002a 0000000c' + // code 42, domain 12
        '00000001 00000002 6869 0000' + // message 'hi'
        '00000002' + // level
        '00000000 00000000 00000000 00000000' + // dom, str1..str3 absent
        '00000007 fffffffe' + // int1, int2
        '00000000', // net absent
    );
    expect(decode(decodeVirNetMessageError, wire)).toEqual({
      code: 42,
      domain: 12,
      message: 'hi',
      level: 2,
      dom: null,
      str1: null,
      str2: null,
      str3: null,
      int1: 7,
      int2: -2,
      net: null,
    });
  });

  it('round-trips virNetStreamHole hyper lengths at the int64 extremes', () => {
    for (const length of [INT64_MIN, -1n, 0n, INT64_MAX]) {
      expect(roundTrip(encodeVirNetStreamHole, decodeVirNetStreamHole, { length, flags: 0 })).toEqual({ length, flags: 0 });
    }
    expect(decode(decodeVirNetStreamHole, bytes('7fffffff ffffffff 00000000'))).toEqual({ length: INT64_MAX, flags: 0 });
    expect(() => encode(encodeVirNetStreamHole, { length: INT64_MAX + 1n, flags: 0 })).toThrow(XdrError);
  });
});
