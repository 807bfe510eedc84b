// The fake daemon's test body (spec/testing/contract) against the real libvirtd and its test
// driver: what the fake imitates, the real daemon must do the same way.
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { connect, type Connection } from '../../src/index.js';
import { connectionContract } from '../testing/contract/connection-contract.js';

describe('the fake daemon contract on test+unix:///default', () => {
  // The test driver's state lives while a connection stays open: one for the whole file.
  let conn: Connection;
  beforeAll(async () => {
    conn = await firstValueFrom(connect('test+unix:///default'));
  });
  afterAll(async () => {
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  });

  connectionContract(() => conn);
});
