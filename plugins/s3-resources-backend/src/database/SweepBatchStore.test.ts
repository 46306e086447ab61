import { createTestDatabases } from '@internal/s3-test-harness';
import { Knex } from 'knex';
import { migrationsDir } from './migrations';
import { SweepBatchStore } from './SweepBatchStore';
import { SweepRunStore } from './SweepRunStore';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const result = (resourcesChecked: number, testErrors: string[] = []) => ({
  resourcesChecked,
  findings: 1,
  testErrors,
});

describe('SweepBatchStore', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let batches: SweepBatchStore;
    let sweeps: SweepRunStore;

    /** A running sweep cut into batches of two ids each. */
    async function sweepOf(id: string, batchCount: number) {
      await sweeps.start({
        id,
        instanceId: 'coordinator',
        startedAt: new Date().toISOString(),
      });
      for (let seq = 0; seq < batchCount; seq++) {
        await batches.add(id, seq, [
          `${id}-r${2 * seq}`,
          `${id}-r${2 * seq + 1}`,
        ]);
      }
      await sweeps.markPlanned(id, batchCount);
    }

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      batches = SweepBatchStore.create(knex);
      sweeps = SweepRunStore.create(knex);
    });

    it('hands each batch to one claimer, in order, however many claim at once', async () => {
      await sweepOf('11111111-1111-4111-8111-111111111111', 6);
      const claims = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          batches.claim({ instanceId: `i${i % 2}`, leaseMs: 60_000 }),
        ),
      );
      const won = claims.filter(c => c !== undefined);
      // every batch once; claimers that lost every candidate got nothing
      expect(won.map(c => c!.seq).sort()).toEqual(
        [...new Set(won.map(c => c!.seq))].sort(),
      );
      const claimed = await knex('s3_audit_sweep_batches')
        .whereNotNull('claimed_by')
        .orderBy('seq')
        .select('seq', 'claims');
      expect(claimed.length).toBe(won.length);
      expect(claimed.every(r => Number(r.claims) === 1)).toBe(true);
      // and the rest one by one until none is left
      for (;;) {
        const more = await batches.claim({ instanceId: 'i0', leaseMs: 60_000 });
        if (!more) break;
        won.push(more);
      }
      expect(won.map(c => c!.seq).sort()).toEqual([0, 1, 2, 3, 4, 5]);
      expect(won.find(c => c!.seq === 0)!.resourceIds).toEqual([
        '11111111-1111-4111-8111-111111111111-r0',
        '11111111-1111-4111-8111-111111111111-r1',
      ]);
    });

    it('makes a batch claimable again when its lease ran out, and only the new holder completes it', async () => {
      await sweepOf('22222222-2222-4222-8222-222222222222', 1);
      const dead = await batches.claim({ instanceId: 'dead', leaseMs: 300 });
      expect(dead).toMatchObject({ seq: 0, claims: 1 });
      expect(
        await batches.claim({ instanceId: 'alive', leaseMs: 60_000 }),
      ).toBeUndefined();
      await sleep(400);
      const taken = await batches.claim({
        instanceId: 'alive',
        leaseMs: 60_000,
      });
      expect(taken).toMatchObject({ seq: 0, claims: 2 });
      // the old holder can neither keep nor finish it
      expect(await batches.renew(dead!, 60_000)).toBe(false);
      expect(await batches.complete(dead!, result(2))).toBe(false);
      expect(await batches.renew(taken!, 60_000)).toBe(true);
      expect(await batches.complete(taken!, result(2))).toBe(true);
      const row = await knex('s3_audit_sweep_batches').first();
      expect(row).toMatchObject({ claimed_by: 'alive' });
      expect(Number(row.claims)).toBe(2);
    });

    it('keeps a renewed lease past its first expiry', async () => {
      await sweepOf('33333333-3333-4333-8333-333333333333', 1);
      const held = await batches.claim({ instanceId: 'a', leaseMs: 400 });
      for (let i = 0; i < 4; i++) {
        await sleep(200);
        expect(await batches.renew(held!, 400)).toBe(true);
      }
      expect(
        await batches.claim({ instanceId: 'b', leaseMs: 400 }),
      ).toBeUndefined();
    });

    it('offers no batch of a run that is no longer running, and adds up the done ones', async () => {
      const id = '44444444-4444-4444-8444-444444444444';
      await sweepOf(id, 3);
      const first = await batches.claim({ instanceId: 'a', leaseMs: 60_000 });
      await batches.complete(first!, result(2, ['r0: no secret']));
      const second = await batches.claim({ instanceId: 'a', leaseMs: 60_000 });
      expect(await batches.anyClaimable()).toBe(true);
      expect(await batches.totals(id)).toMatchObject({
        planned: 3,
        done: 1,
        open: 2,
        resourcesChecked: 2,
        findings: 1,
        testErrors: 1,
        errorSample: ['r0: no secret'],
      });
      await sweeps.finish(id, {
        finishedAt: new Date().toISOString(),
        resourcesChecked: 2,
        findings: 1,
        outcome: 'aborted',
      });
      expect(await batches.anyClaimable()).toBe(false);
      expect(
        await batches.claim({ instanceId: 'b', leaseMs: 60_000 }),
      ).toBeUndefined();
      // the holder learns at its next renewal that it should stop
      expect(await batches.renew(second!, 60_000)).toBe(false);
    });

    it('gives a released batch back at once', async () => {
      await sweepOf('55555555-5555-4555-8555-555555555555', 1);
      const held = await batches.claim({ instanceId: 'a', leaseMs: 60_000 });
      await batches.release(held!);
      expect(
        await batches.claim({ instanceId: 'b', leaseMs: 60_000 }),
      ).toMatchObject({ seq: 0, claims: 2 });
    });
  });
});
