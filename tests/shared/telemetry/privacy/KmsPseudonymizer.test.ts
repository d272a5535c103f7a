import { createHmac } from 'node:crypto';
import { GenerateMacCommand, type KMSClient } from '@aws-sdk/client-kms';
import { KmsPseudonymizer, PseudonymError } from '../../../../shared/telemetry/privacy';

/** A KMS client stand-in that computes GenerateMac with a local key and counts the calls (the endpoint's rules: tests/integration). */
function fakeKms(fail = false) {
  const calls: string[] = [];
  const client = {
    send: async (command: GenerateMacCommand) => {
      if (!(command instanceof GenerateMacCommand)) throw new Error('unexpected command');
      const message = Buffer.from(command.input.Message!).toString('utf8');
      calls.push(message);
      if (fail) throw Object.assign(new Error('boom'), { name: 'KMSInternalException' });
      return { Mac: createHmac('sha256', 'k'.repeat(32)).update(message).digest(), MacAlgorithm: command.input.MacAlgorithm };
    },
  } as unknown as KMSClient;
  return { client, calls };
}

test('one GenerateMac per distinct user id: repeats and concurrent lookups share it', async () => {
  const { client, calls } = fakeKms();
  const p = new KmsPseudonymizer({ kms: client, keyId: 'alias/x' });
  const [a, b] = await Promise.all([p.pseudonym('u_1'), p.pseudonym('u_1')]);
  expect(a).toBe(b);
  expect(a).toMatch(/^user:[0-9a-f]{32}$/);
  expect(await p.pseudonym('u_1')).toBe(a);
  expect(await p.pseudonym('u_2')).not.toBe(a);
  expect(p.kmsCalls).toBe(2);
  // The MAC is over a namespaced message, never the bare id.
  expect(calls).toEqual(['vigil-telemetry-user\nu_1', 'vigil-telemetry-user\nu_2']);
});

test('the cache is bounded: the least recently used id is the one that goes', async () => {
  const { client } = fakeKms();
  const p = new KmsPseudonymizer({ kms: client, keyId: 'alias/x', maxCached: 2 });
  await p.pseudonym('a');
  await p.pseudonym('b');
  await p.pseudonym('a'); // a is now the most recent
  await p.pseudonym('c'); // b goes
  expect(p.kmsCalls).toBe(3);
  await p.pseudonym('a');
  expect(p.kmsCalls).toBe(3);
  await p.pseudonym('b');
  expect(p.kmsCalls).toBe(4);
});

test('a KMS failure is a PseudonymError that never names the user id, and is not cached', async () => {
  const { client } = fakeKms(true);
  const p = new KmsPseudonymizer({ kms: client, keyId: 'alias/x' });
  const error = await p.pseudonym('u_SECRET_42').catch((e: Error) => e);
  expect(error).toBeInstanceOf(PseudonymError);
  expect((error as Error).message).not.toContain('u_SECRET_42');
  await p.pseudonym('u_SECRET_42').catch(() => undefined);
  expect(p.kmsCalls).toBe(2);
});
