// SCRAM-SHA-256 against RFC 7677's example exchange, and the checks on the server's messages.
import { ScramClient } from '../../src/auth/scram-client.js';
import { SaslError } from '../../src/auth/sasl-mechanism.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (bytes: Uint8Array | null): string => new TextDecoder().decode(bytes ?? new Uint8Array(0));

// RFC 7677 section 3.
const CLIENT_NONCE = 'rOprNGfwEbeRWgbNEkqO';
const SERVER_FIRST = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
const CLIENT_FINAL = 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';
const SERVER_FINAL = 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';

describe('ScramClient (SCRAM-SHA-256)', () => {
  const client = (): ScramClient => new ScramClient('SCRAM-SHA-256', 'user', 'pencil', CLIENT_NONCE);

  it("produces RFC 7677's messages and accepts the server's signature", async () => {
    const scram = client();
    expect(text(await scram.start())).toBe(`n,,n=user,r=${CLIENT_NONCE}`);
    expect(text(await scram.step(utf8(SERVER_FIRST)))).toBe(CLIENT_FINAL);
    await expect(scram.finish(utf8(SERVER_FINAL))).resolves.toBeUndefined();
  });

  it('answers a final message sent as a challenge with an empty message', async () => {
    const scram = client();
    await scram.start();
    await scram.step(utf8(SERVER_FIRST));
    expect(await scram.step(utf8(SERVER_FINAL))).toEqual(new Uint8Array(0));
  });

  it.each([
    ['a wrong server signature', SERVER_FIRST, 'v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=', /does not match/],
    ['a server error', SERVER_FIRST, 'e=invalid-proof', /invalid-proof/],
  ])('rejects %s', async (_what, first, final, message) => {
    const scram = client();
    await scram.start();
    await scram.step(utf8(first));
    await expect(scram.finish(utf8(final))).rejects.toThrow(message);
  });

  it.each([
    ['a nonce that does not extend the client nonce', 'r=somebodyElse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096'],
    ['a nonce the server did not extend', `r=${CLIENT_NONCE},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096`],
    ['no iteration count', `r=${CLIENT_NONCE}x,s=W22ZaJ0SNY7soEsUEjb6gQ==`],
    ['a mandatory extension', `m=ext,r=${CLIENT_NONCE}x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096`],
  ])('refuses a first server message with %s', async (_what, first) => {
    const scram = client();
    await scram.start();
    await expect(scram.step(utf8(first))).rejects.toBeInstanceOf(SaslError);
  });

  it('refuses to finish before the exchange did', async () => {
    await expect(client().finish(utf8(SERVER_FINAL))).rejects.toBeInstanceOf(SaslError);
  });

  it('escapes = and , in the user name', async () => {
    expect(text(await new ScramClient('SCRAM-SHA-256', 'a=b,c', 'p', 'n').start())).toBe('n,,n=a=3Db=2Cc,r=n');
  });
});
