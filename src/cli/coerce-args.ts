import type { ProcedureInfo } from '../protocol/procedure.js';
import { parseUuid } from '../testing/uuid.js';
import { XdrReader } from '../xdr/reader.js';
import { XdrWriter } from '../xdr/writer.js';

/**
 * Arguments from JSON made into what the procedure's codec takes, guided by the codec itself:
 * they are encoded with a writer that accepts JSON's spellings of 64-bit integers (an exact number,
 * or a "123n" string) and of UUIDs (the canonical text for a 16-byte opaque), then decoded back
 * into rxvirt's types (bigints, Uint8Arrays). What still does not fit throws the codec's XdrError.
 */
export function coerceArgs<Args>(procedure: ProcedureInfo<Args>, json: unknown): Args {
  if (procedure.encodeArgs === null || procedure.decodeArgs === null) return undefined as Args;
  const writer = new JsonSpellingsWriter();
  procedure.encodeArgs(writer, json as Args);
  const reader = new XdrReader(writer.finish());
  const args = procedure.decodeArgs(reader);
  reader.expectEnd();
  return args;
}

/** An XdrWriter that also takes the JSON spellings of bigints and UUIDs. */
class JsonSpellingsWriter extends XdrWriter {
  override writeHyper(value: bigint): void {
    super.writeHyper(toBigint(value));
  }

  override writeUhyper(value: bigint): void {
    super.writeUhyper(toBigint(value));
  }

  override writeOpaqueFixed(value: Uint8Array, length: number): void {
    const uuidText = length === 16 && typeof (value as unknown) === 'string';
    super.writeOpaqueFixed(uuidText ? parseUuid(value as unknown as string) : value, length);
  }
}

/** 123, "123" or "123n" as 123n; anything else is left for the writer to refuse. */
function toBigint(value: unknown): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+n?$/.test(value)) return BigInt(value.replace(/n$/, ''));
  return value as bigint;
}
