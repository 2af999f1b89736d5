import { createTestHost, type TestHost } from '@switchboard/plugin/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crmSync, type Interaction } from './plugin';
import pkg from '../package.json';

/** The plugin runs under the permissions its package.json declares, as in production. */
const permissions = { 'crm-sync': pkg.switchboard.plugin.permissions };

/** A CRM on 127.0.0.1 that answers each request with the next status of `script` (then 201). */
async function startCrm(script: number[]) {
  const received: Interaction[] = [];
  let requests = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const status = script[requests++] ?? 201;
      if (status === 201) received.push(JSON.parse(body) as Interaction);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 201 ? JSON.stringify({ id: `crm-${received.length}` }) : '{"error":"busy"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/demo-crm/interactions`;
  return { url, received, requests: () => requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let t: TestHost;
afterEach(() => t?.dispose());

const completeChat = async (customerName: string) => {
  const task = await t.contactCenter.createTask({ customerName, attributes: { orderId: 'A-1001' } });
  await t.invoke('AcceptTask', { sid: task.reservationSid });
  await t.invoke('CompleteTask', { sid: task.reservationSid });
  return task;
};

const until = async (condition: () => boolean) => {
  for (const end = Date.now() + 5_000; !condition();) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

it('records a completed task in the CRM, retrying while the CRM is busy', async () => {
  const crm = await startCrm([503, 503]);
  try {
    t = await createTestHost({
      permissions,
      plugins: [crmSync({ url: crm.url, retryDelaysMs: [20, 20, 20] })],
      agent: 'alice',
    });
    const warnings: string[] = [];
    t.host.events.on('log', (e) => e.level === 'warn' && warnings.push(e.message));
    const { taskSid } = await completeChat('Ada');
    await until(() => crm.received.length === 1);
    expect(crm.requests()).toBe(3);
    expect(crm.received[0]).toMatchObject({
      taskSid,
      customerName: 'Ada',
      channel: 'chat',
      agent: 'alice',
      attributes: { orderId: 'A-1001' },
    });
    expect(warnings).toEqual([
      'SyncToCrm: the CRM answered HTTP 503; retrying in 20 ms (attempt 2)',
      'SyncToCrm: the CRM answered HTTP 503; retrying in 20 ms (attempt 3)',
    ]);
  } finally {
    await crm.close();
  }
});

it('is an action like any other: invoked directly, it resolves with the id and the attempts', async () => {
  const crm = await startCrm([502]);
  try {
    t = await createTestHost({ permissions, plugins: [crmSync({ url: crm.url, retryDelaysMs: [10] })] });
    const interaction = {
      taskSid: 'WT9',
      customerName: 'Bo',
      channel: 'chat',
      agent: 'a',
      attributes: {},
      completedAt: 1,
    };
    await expect(t.invoke('SyncToCrm', interaction)).resolves.toEqual({ id: 'crm-1', attempts: 2 });
  } finally {
    await crm.close();
  }
});

it('gives up after its retries, or at once when the CRM refuses; completing the task never waits or fails', async () => {
  const crm = await startCrm([500, 500, 500, 400]);
  try {
    t = await createTestHost({ permissions, plugins: [crmSync({ url: crm.url, retryDelaysMs: [5, 5] })] });
    const errors: string[] = [];
    t.host.events.on('log', (e) => e.level === 'error' && errors.push(e.message));
    const started = Date.now();
    const { taskSid } = await completeChat('Cy'); // resolves although the CRM fails
    expect(Date.now() - started).toBeLessThan(1_000);
    await until(() => errors.some((m) => m.startsWith('task ')));
    expect(errors).toContain(`task ${taskSid} could not be recorded in the CRM`);
    expect(crm.requests()).toBe(3); // one try and two retries
    await expect(
      t.invoke('SyncToCrm', {
        taskSid: 'x',
        customerName: 'x',
        channel: 'chat',
        agent: 'a',
        attributes: {},
        completedAt: 1,
      }),
    ).rejects.toThrow('the CRM refused the interaction: HTTP 400');
    expect(crm.requests()).toBe(4); // a refusal is not retried
    expect(t.host.plugins.get('crm-sync')?.state).toBe('Initialized'); // the CRM being down is no bug of the plugin
  } finally {
    await crm.close();
  }
});

it('stops retrying when the plugin is unloaded', async () => {
  const crm = await startCrm([503, 503, 503, 503]);
  try {
    t = await createTestHost({ permissions, plugins: [crmSync({ url: crm.url, retryDelaysMs: [200, 200, 200] })] });
    const sync = t.invoke('SyncToCrm', {
      taskSid: 'x',
      customerName: 'x',
      channel: 'chat',
      agent: 'a',
      attributes: {},
      completedAt: 1,
    });
    const stopped = expect(sync).rejects.toMatchObject({ message: 'plugin "crm-sync" was unloaded' });
    await until(() => crm.requests() === 1);
    await t.host.plugins.unload('crm-sync');
    await stopped;
    await new Promise((r) => setTimeout(r, 300));
    expect(crm.requests()).toBe(1);
  } finally {
    await crm.close();
  }
});
