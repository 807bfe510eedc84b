// TCP and TLS (with SASL SCRAM-SHA-256) against the shared daemon's loopback listeners
// (scripts/libvirtd/libvirtd.conf: auth_tcp = none, auth_tls = sasl).
import {
  AuthenticationError,
  type CredentialsRequest,
  TlsCertificateError,
  TransportError,
  UnsupportedError,
} from '../../src/index.js';
import { checkTransport, connectFailure, SUSPEND_RESUME } from '../support/remote-checks.js';
import { PKI, PKI_STRANGER, PKI_UNTRUSTED, SASL_PASSWORD, SASL_USER, TCP_URI, TLS_URI, freePort } from '../support/remote-env.js';

const credentials = { username: SASL_USER, password: SASL_PASSWORD };
const failure = connectFailure;

describe('tcp transport', () => {
  it('connects to the default port 16509, lists domains and receives events', async () => {
    await expect(checkTransport(TCP_URI)).resolves.toEqual({ domains: ['test'], events: SUSPEND_RESUME });
  });

  it('reports a closed port as ECONNREFUSED, naming the URI', async () => {
    const uri = `test+tcp://127.0.0.1:${await freePort()}/default`;
    const error = await failure(uri);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', uri });
    expect((error as Error).message).toContain(uri);
  });

  it('reports an unknown host as ENOTFOUND', async () => {
    const error = await failure('test+tcp://no-such-host.invalid/default');
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'ENOTFOUND', target: 'tcp:no-such-host.invalid:16509' });
  });
});

describe('tls transport with SASL SCRAM-SHA-256', () => {
  it('connects with a password, lists domains and receives events', async () => {
    await expect(checkTransport(TLS_URI, { credentials })).resolves.toEqual({ domains: ['test'], events: SUSPEND_RESUME });
  });

  it('asks a callback for credentials, offering the URI user and the mechanism', async () => {
    const requests: CredentialsRequest[] = [];
    const uri = `test+tls://${SASL_USER}@localhost/default?pkipath=${PKI}`;
    const { domains } = await checkTransport(uri, {
      credentials: async (request) => {
        requests.push(request);
        return { username: request.username ?? '', password: SASL_PASSWORD };
      },
    });
    expect(domains).toEqual(['test']);
    expect(requests).toEqual([{ uri, mechanism: 'SCRAM-SHA-256', username: SASL_USER }]);
  });

  it('reports a wrong password as an AuthenticationError that does not contain it', async () => {
    const error = await failure(TLS_URI, { credentials: { username: SASL_USER, password: 'not-the-password' } });
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ authType: 'sasl', uri: TLS_URI });
    expect((error as Error).message).not.toContain('not-the-password');
    expect((error as Error).message).toContain(TLS_URI);
  });

  it('reports missing credentials as an AuthenticationError', async () => {
    const error = await failure(TLS_URI);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/no credentials were given/);
  });

  it('refuses a SASL mechanism it does not speak, and an auth type the daemon does not offer', async () => {
    await expect(failure(`${TLS_URI}&auth=sasl.DIGEST-MD5`, { credentials })).resolves.toBeInstanceOf(UnsupportedError);
    const rejected = await failure(`${TLS_URI}&auth=polkit`, { credentials });
    expect(rejected).toBeInstanceOf(AuthenticationError);
    expect((rejected as Error).message).toMatch(/offers \[sasl\]/);
  });

  it('refuses a daemon whose certificate does not chain to the trusted CA', async () => {
    const error = await failure(`test+tls://127.0.0.1/default?pkipath=${PKI_UNTRUSTED}`, { credentials });
    expect(error).toBeInstanceOf(TlsCertificateError);
    expect(error).toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', target: 'tls:127.0.0.1:16514' });
  });

  it('reports the daemon refusing the client certificate', async () => {
    const error = await failure(`test+tls://127.0.0.1/default?pkipath=${PKI_STRANGER}`, { credentials });
    expect(error).toBeInstanceOf(TlsCertificateError);
    expect(error).toMatchObject({ code: 'CERT_REJECTED' });
  });

  it('reports a missing CA certificate', async () => {
    const error = await failure('test+tls://127.0.0.1/default?pkipath=/nonexistent', { credentials });
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'ENOENT' });
    expect((error as Error).message).toContain('/nonexistent/cacert.pem');
  });
});
