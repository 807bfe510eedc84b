// The client against the fake daemon, with the test body the real daemon passes too.
import { firstValueFrom, lastValueFrom } from 'rxjs';
import type { Connection } from '../../src/index.js';
import { FakeDaemon } from '../../src/testing/index.js';
import { connectionContract } from './contract/connection-contract.js';

describe('Connection on the fake daemon', () => {
  const daemon = new FakeDaemon();
  let conn: Connection;
  beforeAll(async () => {
    conn = await firstValueFrom(daemon.connect());
  });
  afterAll(async () => {
    await lastValueFrom(conn.close(), { defaultValue: undefined });
    daemon.close();
  });

  connectionContract(() => conn);
});
