import { coerceArgs } from '../../src/cli/coerce-args.js';
import { findProcedure } from '../../src/cli/find-procedure.js';
import { fromJson, toJson } from '../../src/cli/json-values.js';
import { XdrError } from '../../src/index.js';

const UUID = '6695eb01-f6a4-8304-79aa-97f2502e193f';
const UUID_BYTES = Uint8Array.from(Buffer.from(UUID.replace(/-/g, ''), 'hex'));

function procedure(name: string) {
  const found = findProcedure(name);
  if (found === undefined) throw new Error(`no ${name}`);
  return found.procedure;
}

describe("the CLI's JSON", () => {
  it('writes bigints as "123n" and bytes as {"$bytes": base64}, and reads bytes back', () => {
    const text = toJson({ id: 1, size: 18446744073709551615n, uuid: UUID_BYTES, list: [1n] });
    expect(text).toBe(`{"id":1,"size":"18446744073709551615n","uuid":{"$bytes":"ZpXrAfakgwR5qpfyUC4ZPw=="},"list":["1n"]}`);
    expect(fromJson(text)).toEqual({ id: 1, size: '18446744073709551615n', uuid: UUID_BYTES, list: ['1n'] });
  });

  it('makes hyper fields bigints where the codec wants them: "n" strings, digit strings, exact numbers', () => {
    const download = procedure('storageVolDownload');
    const vol = { pool: 'p', name: 'v', key: 'k' };
    expect(coerceArgs(download, { vol, offset: 4096, length: '18446744073709551615n', flags: 1 })).toEqual({
      vol,
      offset: 4096n,
      length: 18446744073709551615n,
      flags: 1,
    });
  });

  it('leaves strings that look like bigints alone in string fields', () => {
    expect(coerceArgs(procedure('REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME'), { name: '5n' })).toEqual({ name: '5n' });
  });

  it('takes a UUID as text or as bytes', () => {
    const byUuid = procedure('domainLookupByUuid');
    expect(coerceArgs(byUuid, { uuid: UUID })).toEqual({ uuid: UUID_BYTES });
    expect(coerceArgs(byUuid, fromJson('{"uuid":{"$bytes":"ZpXrAfakgwR5qpfyUC4ZPw=="}}'))).toEqual({ uuid: UUID_BYTES });
  });

  it("refuses with the codec's error what does not fit: an inexact number, a missing field", () => {
    const download = procedure('storageVolDownload');
    const vol = { pool: 'p', name: 'v', key: 'k' };
    expect(() => coerceArgs(download, { vol, offset: 2 ** 64, length: 0, flags: 0 })).toThrow(XdrError);
    expect(() => coerceArgs(procedure('domainLookupByName'), {})).toThrow(XdrError);
  });
});
