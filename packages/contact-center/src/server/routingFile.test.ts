import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContactCenterError } from '../errors';
import { EVERYONE_QUEUE_SID } from '../engine/routing/RoutingConfig';
import { ROUTING_FILE, readRoutingFile, resolveRouting } from './routingFile';

describe('the routing file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sb-routing-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is written with the default when missing, pretty-printed, and read back', async () => {
    const { routing, file } = await resolveRouting(dir, undefined);
    expect(file).toBe(path.join(dir, ROUTING_FILE));
    const text = readFileSync(file!, 'utf8');
    expect(text).toContain('\n  "queues": [');
    expect(JSON.parse(text)).toMatchObject({
      queues: [{ name: 'Everyone', targetWorkers: '1 == 1' }],
      capacity: { chat: 3, voice: 1 },
    });
    expect(routing.queues.map((q) => q.sid)).toEqual([EVERYONE_QUEUE_SID]);
  });

  it('is kept when it exists (never overwritten)', async () => {
    const file = path.join(dir, ROUTING_FILE);
    const mine = { queues: [{ name: 'Sales', targetWorkers: 'skills HAS "sales"' }] };
    writeFileSync(file, JSON.stringify(mine));
    const { routing } = await resolveRouting(dir, undefined);
    expect(routing.queues.map((q) => q.name)).toEqual(['Sales']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(mine);
  });

  it('stops the start with a message naming the file, the field and the problem', async () => {
    const file = path.join(dir, ROUTING_FILE);
    writeFileSync(file, '{ "queues": [ ');
    await expect(readRoutingFile(file)).rejects.toThrow(new RegExp(`${ROUTING_FILE}.*not valid JSON`));
    writeFileSync(file, JSON.stringify({ queues: [{ name: 'Sales', targetWorkers: 'skills HAS' }] }));
    const error = await readRoutingFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactCenterError);
    expect((error as Error).message).toMatch(/routing\.json.*queue "Sales".*column 11/);
    writeFileSync(
      file,
      JSON.stringify({ queues: [{ name: 'Sales', targetWorkers: '1==1' }], capacity: { chat: 'x' } }),
    );
    await expect(readRoutingFile(file)).rejects.toThrow(/routing\.json\): capacity\.chat: /);
  });

  it('uses the default without a data dir, and a configuration or a path when given', async () => {
    expect((await resolveRouting(null, undefined)).file).toBeNull();
    const given = await resolveRouting(null, { queues: [{ name: 'A', targetWorkers: '1 == 1' }] });
    expect(given.routing.queues[0]!.name).toBe('A');
    const file = path.join(dir, 'elsewhere.json');
    writeFileSync(file, JSON.stringify({ queues: [{ name: 'B', targetWorkers: '1 == 1' }] }));
    expect((await resolveRouting(null, file)).routing.queues[0]!.name).toBe('B');
  });
});
