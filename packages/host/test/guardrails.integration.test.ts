/**
 * Guardrails through a real host on the real contact center in memory, with two real plugins:
 * one whose before-listener of HangupCall never settles, one that stops AcceptTask with a
 * reason and times each hang-up. The agent's hang-up still happens; the plugin is named.
 */
import type { GuardrailTrip } from '@switchboard/host';
import { createTestHost, type TestHost } from '@switchboard/host/testing';
import { definePlugin } from '@switchboard/plugin';

const BUDGET = 100;

/** Waits forever before every hang-up (a CRM call that never answers). */
const stuckRecorder = definePlugin({
  name: 'stuck-recorder',
  init(api) {
    api.actions.addListener('beforeHangupCall', () => new Promise<void>(() => {}));
  },
});

/** Refuses the first offer with a reason; counts hang-ups after the fact. */
const activityGuard = definePlugin({
  name: 'activity-guard',
  init(api) {
    let refused = false;
    api.actions.addListener('beforeAcceptTask', (_payload, abort) => {
      if (!refused) {
        refused = true;
        abort('Finish your wrap-up notes first');
      }
    });
    api.actions.addListener('afterHangupCall', () => {
      api.store.dispatch({ type: 'activityGuard/hungUp' });
    });
    api.store.addReducer('activityGuard', (n: number = 0, a: { type: string }) =>
      a.type === 'activityGuard/hungUp' ? n + 1 : n,
    );
  },
});

let t: TestHost;
afterEach(() => t.dispose());

it('a plugin hanging on HangupCall cannot stop the hang-up; it is named; an abort carries its reason', async () => {
  t = await createTestHost({
    plugins: [stuckRecorder, activityGuard],
    host: { logLevel: 'silent', guardrails: { budgetMs: BUDGET } },
  });
  const trips: GuardrailTrip[] = [];
  t.host.events.on('guardrailTripped', (trip) => void trips.push(trip));

  const caller = await t.contactCenter.placeCall({ name: 'Ada' });
  // activity-guard stops the first accept, and says why.
  const refused = await t.invoke('AcceptTask', { sid: caller.reservationSid }).catch((e: unknown) => e);
  expect(refused).toMatchObject({
    code: 'ACTION_ABORTED',
    abortedBy: { plugin: 'activity-guard', reason: 'Finish your wrap-up notes first' },
  });
  await t.invoke('AcceptTask', { sid: caller.reservationSid });
  await caller.waitFor('in-progress');

  const started = Date.now();
  await expect(t.invoke('HangupCall', { sid: caller.reservationSid })).resolves.toMatchObject({ status: 'ended' });
  expect(Date.now() - started).toBeLessThan(BUDGET + 1500);
  await caller.waitFor('ended');
  expect(t.state().activityGuard).toBe(1);

  expect(trips).toEqual([
    { plugin: 'stuck-recorder', action: 'HangupCall', phase: 'before', budgetMs: BUDGET, policy: 'fail-open' },
  ]);
  const [accept1, accept2, hangup] = t.host.actions.lastInvocations().filter((i) => i.action !== 'SetActivity');
  expect(accept1).toMatchObject({ action: 'AcceptTask', status: 'aborted', abortedBy: { plugin: 'activity-guard' } });
  expect(accept2).toMatchObject({ action: 'AcceptTask', status: 'succeeded' });
  expect(hangup).toMatchObject({
    action: 'HangupCall',
    status: 'succeeded',
    timedOut: [{ plugin: 'stuck-recorder', phase: 'before' }],
  });
  expect(hangup!.durationMs).toBeGreaterThanOrEqual(BUDGET - 5);

  const metrics = t.host.plugins.metrics();
  expect(metrics['stuck-recorder']).toMatchObject({ timeouts: 1, errors: 1 });
  expect(metrics['stuck-recorder']!.actions.HangupCall!.count).toBe(1);
  expect(metrics['activity-guard']).toMatchObject({ aborts: 1, errors: 0, timeouts: 0 });
  expect(metrics['activity-guard']!.initMs).toBeGreaterThanOrEqual(0);
  expect(Object.keys(metrics['activity-guard']!.actions).sort()).toEqual(['AcceptTask', 'HangupCall']);
  // A slow plugin is reported, not unloaded.
  expect(t.host.plugins.get('stuck-recorder')?.state).toBe('Initialized');
});

it('createHost({ metrics: false }): plugins get their scope unwrapped, nothing is measured', async () => {
  const seen: string[] = [];
  function noteAccept() {
    seen.push('accept');
  }
  t = await createTestHost({
    plugins: [
      definePlugin({ name: 'plain', init: (api) => void api.actions.addListener('beforeAcceptTask', noteAccept) }),
    ],
    host: { logLevel: 'silent', metrics: false },
  });
  // The core holds the plugin's own function: no wrapper in between.
  expect(t.host.actions.describe('AcceptTask')!.before).toEqual([{ owner: 'plain', name: 'noteAccept' }]);
  const { reservationSid } = await t.contactCenter.createTask({ customerName: 'Ada', message: 'Hi' });
  await t.invoke('AcceptTask', { sid: reservationSid });
  expect(seen).toEqual(['accept']);
  expect(t.host.plugins.metrics()).toEqual({});
  expect(t.host.invocations.recent()).toEqual([]);
  expect(t.host.actions.listenerCount('invocationBegin')).toBe(0);
});
