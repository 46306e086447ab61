import { AuditorService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuditStore } from '../database/AuditStore';
import { AuditTrail } from './AuditTrail';

function recordingAuditor() {
  const ends: Array<{ outcome: 'success' | 'fail'; meta?: any }> = [];
  const auditor: AuditorService = {
    async createEvent() {
      return {
        async success(o) {
          ends.push({ outcome: 'success', meta: o?.meta });
        },
        async fail(o) {
          ends.push({ outcome: 'fail', meta: o.meta });
        },
      };
    },
  };
  return { auditor, ends };
}

/** The audit table's database went away after the operation ran. */
const unreachableStore = {
  append: async () => {
    throw new Error('Connection terminated unexpectedly');
  },
} as unknown as AuditStore;

const ctx = { credentials: mockCredentials.user('user:default/alice') };

describe('AuditTrail when the audit row cannot be written', () => {
  it('keeps the outcome of an operation that succeeded, and ends the event once, naming the missing row', async () => {
    const { auditor, ends } = recordingAuditor();
    const trail = AuditTrail.create({
      auditor,
      store: unreachableStore,
      auth: mockServices.auth(),
    });
    await expect(
      trail.run(
        ctx,
        { action: 'resource-create', severityLevel: 'medium' },
        async () => 'created',
      ),
    ).resolves.toBe('created');
    expect(ends).toEqual([
      {
        outcome: 'success',
        meta: {
          action: 'resource-create',
          auditRowError: 'Error: Connection terminated unexpectedly',
        },
      },
    ]);
  });

  it('rethrows the operation’s own error, not the audit table’s, and ends the event once', async () => {
    const { auditor, ends } = recordingAuditor();
    const trail = AuditTrail.create({
      auditor,
      store: unreachableStore,
      auth: mockServices.auth(),
    });
    const own = new Error('the operation failed');
    await expect(
      trail.run(
        ctx,
        { action: 'resource-update', severityLevel: 'medium' },
        async () => {
          throw own;
        },
      ),
    ).rejects.toBe(own);
    expect(ends).toEqual([
      {
        outcome: 'fail',
        meta: {
          action: 'resource-update',
          auditRowError: 'Error: Connection terminated unexpectedly',
        },
      },
    ]);
  });
});

describe('AuditTrail.actorOf', () => {
  const trail = AuditTrail.create({
    auditor: recordingAuditor().auditor,
    store: unreachableStore,
    auth: mockServices.auth(),
  });

  it('names a user by entity ref, a service by subject, and nobody as none', () => {
    expect(trail.actorOf(mockCredentials.user('user:default/alice'))).toBe(
      'user:default/alice',
    );
    expect(trail.actorOf(mockCredentials.service('plugin:catalog'))).toBe(
      'plugin:catalog',
    );
    expect(trail.actorOf(mockCredentials.none())).toBe('none');
  });
});
