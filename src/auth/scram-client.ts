import { fromBase64, toBase64 } from './base64.js';
import { SaslError, type SaslMechanism } from './sasl-mechanism.js';

/** The hashes SCRAM is defined for here, with their WebCrypto names and output lengths. */
export const SCRAM_HASHES = {
  'SCRAM-SHA-256': { hash: 'SHA-256', bytes: 32 },
  'SCRAM-SHA-1': { hash: 'SHA-1', bytes: 20 },
} as const;
export type ScramMechanismName = keyof typeof SCRAM_HASHES;

/** No channel binding: the GS2 header `n,,` (RFC 5802 section 7). */
const GS2_HEADER = 'n,,';
/** A server asking for more iterations than this is refused rather than freezing the client. */
const MAX_ITERATIONS = 10_000_000;

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The client side of SCRAM (RFC 5802, RFC 7677), with WebCrypto only, so it runs in browsers as
 * well as in Node. Messages: client-first, client-final; the server's final message carries its
 * signature, which {@link finish} verifies: a server that does not know the password cannot
 * pass for the real one.
 */
export class ScramClient implements SaslMechanism {
  private readonly clientFirstBare: string;
  private serverSignature: Uint8Array | undefined;

  constructor(
    readonly name: ScramMechanismName,
    username: string,
    private readonly password: string,
    nonce: string = randomNonce(),
  ) {
    this.clientFirstBare = `n=${saslName(username)},r=${nonce}`;
  }

  async start(): Promise<Uint8Array> {
    return utf8.encode(GS2_HEADER + this.clientFirstBare);
  }

  async step(challenge: Uint8Array): Promise<Uint8Array> {
    // A server that sends its final message without declaring the exchange complete gets an empty answer.
    if (this.serverSignature !== undefined) {
      await this.finish(challenge);
      return new Uint8Array(0);
    }
    const serverFirst = decode(challenge);
    const fields = parseFields(serverFirst);
    if (fields.has('m')) throw new SaslError('the server demands an unsupported SCRAM extension');
    const nonce = fields.get('r');
    const salt = fields.get('s');
    const iterations = Number(fields.get('i'));
    const clientNonce = this.clientFirstBare.slice(this.clientFirstBare.indexOf(',r=') + 3);
    if (nonce === undefined || !nonce.startsWith(clientNonce) || nonce.length === clientNonce.length) {
      throw new SaslError("the server's nonce does not extend the client's");
    }
    if (salt === undefined || !Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new SaslError("the server's first message lacks a usable salt or iteration count");
    }
    const { hash, bytes } = SCRAM_HASHES[this.name];
    const salted = await pbkdf2(hash, utf8.encode(this.password.normalize('NFKC')), base64Field(salt), iterations, bytes);
    const clientKey = await hmac(hash, salted, 'Client Key');
    const storedKey = new Uint8Array(await crypto.subtle.digest(hash, clientKey));
    const withoutProof = `c=${toBase64(utf8.encode(GS2_HEADER))},r=${nonce}`;
    const authMessage = `${this.clientFirstBare},${serverFirst},${withoutProof}`;
    const clientSignature = await hmac(hash, storedKey, authMessage);
    const proof = clientKey.map((byte, i) => byte ^ clientSignature[i]);
    this.serverSignature = await hmac(hash, await hmac(hash, salted, 'Server Key'), authMessage);
    return utf8.encode(`${withoutProof},p=${toBase64(proof)}`);
  }

  async finish(last: Uint8Array): Promise<void> {
    if (this.serverSignature === undefined) throw new SaslError('the server finished before the exchange did');
    const fields = parseFields(decode(last));
    const error = fields.get('e');
    if (error !== undefined) throw new SaslError(`the server reported ${error}`);
    const verifier = fields.get('v');
    if (verifier === undefined || !sameBytes(base64Field(verifier), this.serverSignature)) {
      throw new SaslError("the server's signature does not match: it does not know the password");
    }
  }
}

/** RFC 5802's saslname: `=` and `,` escaped. */
function saslName(name: string): string {
  return name.normalize('NFKC').replaceAll('=', '=3D').replaceAll(',', '=2C');
}

function randomNonce(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(18)));
}

function decode(bytes: Uint8Array): string {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    throw new SaslError('the server sent a message that is not UTF-8');
  }
}

/** `a=1,b=2` into a map; a value may itself hold `=` (base64 padding). */
function parseFields(message: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) fields.set(part[0], part.slice(2));
  }
  return fields;
}

function base64Field(text: string): Uint8Array<ArrayBuffer> {
  try {
    return fromBase64(text);
  } catch {
    throw new SaslError('the server sent malformed base64');
  }
}

// Web Crypto takes bytes backed by an ArrayBuffer (not a SharedArrayBuffer), hence the narrower types.
async function pbkdf2(hash: string, password: Uint8Array<ArrayBuffer>, salt: Uint8Array<ArrayBuffer>, iterations: number, bytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const key = await crypto.subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash, salt, iterations }, key, bytes * 8));
}

async function hmac(hash: string, keyBytes: Uint8Array<ArrayBuffer>, data: string | Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, typeof data === 'string' ? utf8.encode(data) : data));
}

/** Compares in time independent of where the bytes differ. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
