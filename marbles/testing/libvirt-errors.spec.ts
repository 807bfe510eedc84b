// libvirtError: a LibvirtError by its code's name, as a stub's error notification.
import { catchError, of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ArgumentError, LibvirtError, virErrorDomain, virErrorNumber } from '../../src/index.js';
import { libvirtError, type LibvirtErrorCodeName } from '../../src/testing/index.js';

describe('libvirtError', () => {
  it('builds the error by symbolic code, with the fields and names a daemon error has', () => {
    const err = libvirtError('VIR_ERR_NO_DOMAIN', 'Domain not found', { domain: 'VIR_FROM_TEST', procedure: 'REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME' });
    expect(err).toBeInstanceOf(LibvirtError);
    expect(err).toMatchObject({
      name: 'LibvirtError',
      code: virErrorNumber.VIR_ERR_NO_DOMAIN,
      codeName: 'VIR_ERR_NO_DOMAIN',
      domain: virErrorDomain.VIR_FROM_TEST,
      domainName: 'VIR_FROM_TEST',
      levelName: 'VIR_ERR_ERROR',
      libvirtMessage: 'Domain not found',
      procedure: 'REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME',
      message: 'Domain not found (VIR_ERR_NO_DOMAIN in REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME)',
    });
  });

  it('defaults the message to the code name and the origin to VIR_FROM_NONE', () => {
    expect(libvirtError('VIR_ERR_OPERATION_INVALID')).toMatchObject({ libvirtMessage: 'VIR_ERR_OPERATION_INVALID', domainName: 'VIR_FROM_NONE', procedure: undefined });
  });

  it('refuses an unknown name with an ArgumentError', () => {
    expect(() => libvirtError('VIR_ERR_NOPE' as LibvirtErrorCodeName)).toThrow(new ArgumentError('libvirtError', 'code', 'a virErrorNumber name expected (VIR_ERR_NO_DOMAIN, ...), got VIR_ERR_NOPE'));
    expect(() => libvirtError('VIR_ERR_NO_DOMAIN', 'm', { domain: 'VIR_FROM_NOWHERE' as 'VIR_FROM_TEST' })).toThrow(ArgumentError);
  });

  it('drives the error path of code under test in virtual time', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, expectObservable }) => {
      const lookup = cold<string>('--#', undefined, libvirtError('VIR_ERR_NO_DOMAIN', 'Domain not found'));
      const orNone = lookup.pipe(catchError((err: unknown) => of(err instanceof LibvirtError && err.codeName === 'VIR_ERR_NO_DOMAIN' ? 'none' : 'other')));
      expectObservable(orNone).toBe('--(n|)', { n: 'none' });
    });
  });
});
