/**
 * The native WebChat actions against a fake contact center: payload rules and rejections,
 * StartEngagement → afterStartEngagement, RestartEngagement, visibility.
 */
import { isSwitchboardError } from '@switchboard/actions';
import { ContactCenterError } from '@switchboard/contact-center';
import { createWebChat } from './createWebChat';
import { PluginRegistry } from './PluginRegistry';
import { FakeClient, flush, MemoryStorage } from './test-utils';
import type { WebChat } from './types';

const SERVER = 'http://127.0.0.1:4100';
let client: FakeClient;
let storage: MemoryStorage;
let webchat: WebChat;

beforeEach(async () => {
  client = new FakeClient();
  storage = new MemoryStorage();
  webchat = await createWebChat({ serverUrl: SERVER, client, storage }, new PluginRegistry());
});
afterEach(() => webchat.destroy());

const start = (formData: Record<string, string> = { name: 'Ada', question: 'Where is my parcel?' }) =>
  webchat.actions.invokeAction('StartEngagement', { formData });

/** The rejection of `promise`, which must reject. */
async function rejection(promise: Promise<unknown>): Promise<Error & { code: string }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { code: string };
  }
  throw new Error('expected a rejection');
}

describe('StartEngagement', () => {
  it('starts an engagement from the form data and resolves without the token', async () => {
    const result = await start();
    expect(client.started).toEqual([{ name: 'Ada', question: 'Where is my parcel?' }]);
    expect(result).toEqual({
      channelSid: expect.stringMatching(/^CH/),
      taskSid: expect.stringMatching(/^WT/),
      identity: expect.any(String),
      friendlyName: 'Ada',
    });
    expect(result).not.toHaveProperty('token');
    await flush();
    const state = webchat.getState();
    expect(state.phase).toBe('chat');
    expect(state.engagement).toEqual(result);
    expect(state.connection).toBe('connected');
    expect(state.messages.map((m) => m.body)).toEqual(['Where is my parcel?']);
  });

  it('runs afterStartEngagement with the form data, where SendMessage works (the Flex docs example)', async () => {
    const seen: unknown[] = [];
    webchat.actions.on('afterStartEngagement', async (payload) => {
      seen.push(payload.formData);
      const { channelSid } = webchat.getState().engagement!;
      await webchat.actions.invokeAction('SendMessage', { channelSid, body: `Order: ${payload.formData.order}` });
    });
    await start({ name: 'Ada', order: 'A-42' });
    await flush();
    expect(seen).toEqual([{ name: 'Ada', order: 'A-42' }]);
    expect(webchat.getState().messages.map((m) => m.body)).toEqual(['Order: A-42']);
  });

  it('trims the form data, leaves out empty fields, and insists on required ones', async () => {
    const error = await rejection(start({ name: '   ', question: 'Hi' }));
    expect(error.code).toBe('WEBCHAT_INVALID_PAYLOAD');
    expect(error.message).toBe('StartEngagement: required form field "name" is empty');
    expect(client.started).toEqual([]);
    await start({ name: ' Ada ', question: ' ' });
    expect(client.started).toEqual([{ name: 'Ada' }]);
  });

  it('rejects form data that is not an object of strings', async () => {
    const error = await rejection(
      webchat.actions.invokeAction('StartEngagement', { formData: { name: 42 } as unknown as Record<string, string> }),
    );
    expect(error.code).toBe('WEBCHAT_INVALID_PAYLOAD');
    expect(error.message).toContain('formData.name must be a string');
  });

  it('refuses a second engagement while one is in progress', async () => {
    await start();
    const error = await rejection(start());
    expect(error.code).toBe('WEBCHAT_ALREADY_ENGAGED');
    expect(error.message).toMatch(
      /^StartEngagement: an engagement is in progress \(channel "CH\d+"\); invoke RestartEngagement first$/,
    );
    expect(client.started).toHaveLength(1);
  });

  it('goes back to the form and shows the failure when the contact center refuses', async () => {
    client.startError = new ContactCenterError('CC_RATE_LIMITED', 'Too many engagements from this address');
    const error = await rejection(start());
    expect(isSwitchboardError(error, 'CC_RATE_LIMITED')).toBe(true);
    expect(webchat.getState()).toMatchObject({
      phase: 'form',
      engagement: undefined,
      error: { code: 'CC_RATE_LIMITED', message: 'Too many engagements from this address' },
    });
    expect(storage.items.size).toBe(0);
  });

  it('stores the engagement with its token under the default key', async () => {
    const { channelSid } = await start();
    const stored = JSON.parse(storage.getItem(`switchboard-webchat:${SERVER}`)!);
    expect(stored).toMatchObject({ channelSid, token: expect.stringMatching(/^token-/) });
  });
});

describe('chat actions need a channel', () => {
  const actions = ['SendMessage', 'SetInputText', 'SendTyping'] as const;

  it.each(actions)('%s without channel or channelSid rejects, naming the action', async (action) => {
    await start();
    const error = await rejection(webchat.actions.invokeAction(action, { body: 'hi' } as never));
    expect(error.code).toBe('WEBCHAT_NO_CHANNEL');
    expect(error.message).toMatch(new RegExp(`^${action} needs a channel or a channelSid`));
  });

  it.each(actions)('%s with an unknown channel rejects, naming both channels', async (action) => {
    const { channelSid } = await start();
    const error = await rejection(webchat.actions.invokeAction(action, { channelSid: 'CHnope', body: 'hi' } as never));
    expect(error.code).toBe('WEBCHAT_UNKNOWN_CHANNEL');
    expect(error.message).toBe(`${action}: unknown channel "CHnope"; this webchat's channel is "${channelSid}"`);
  });

  it.each(actions)('%s before any engagement rejects with WEBCHAT_NOT_ENGAGED', async (action) => {
    const error = await rejection(webchat.actions.invokeAction(action, { channelSid: 'CH1', body: 'hi' } as never));
    expect(error.code).toBe('WEBCHAT_NOT_ENGAGED');
    expect(error.message).toContain(`${action}: no engagement is in progress`);
  });

  it('rejects before any listener runs', async () => {
    await start();
    const before = jest.fn();
    webchat.actions.on('beforeSendMessage', before);
    await rejection(webchat.actions.invokeAction('SendMessage', { body: 'hi' }));
    expect(before).not.toHaveBeenCalled();
  });

  it('fills channelSid from channel, and channel from channelSid', async () => {
    await start();
    await flush();
    const channel = webchat.getState().channel!;
    const seen: unknown[] = [];
    webchat.actions.on('beforeSendMessage', (p) => void seen.push({ sid: p.channelSid, channel: p.channel }));
    await webchat.actions.invokeAction('SendMessage', { channel, body: 'one' });
    await webchat.actions.invokeAction('SendMessage', { channelSid: channel.sid, body: 'two' });
    expect(seen).toEqual([
      { sid: channel.sid, channel },
      { sid: channel.sid, channel },
    ]);
  });
});

describe('SendMessage', () => {
  it('sends and resolves with the committed message, which joins the transcript once', async () => {
    const { channelSid } = await start({ name: 'Ada' });
    await flush();
    const message = await webchat.actions.invokeAction('SendMessage', { channelSid, body: 'Hello', clientId: 'c-1' });
    expect(message).toMatchObject({ body: 'Hello', authorRole: 'customer', clientId: 'c-1' });
    expect(webchat.getState().messages.map((m) => m.sid)).toEqual([message.sid]);
  });

  it('rejects an empty body', async () => {
    const { channelSid } = await start();
    const error = await rejection(webchat.actions.invokeAction('SendMessage', { channelSid, body: '  ' }));
    expect(error.code).toBe('WEBCHAT_INVALID_PAYLOAD');
    expect(error.message).toBe('SendMessage: body must be a non-empty string, got "  "');
  });

  it('rejects once the chat has ended', async () => {
    const { channelSid } = await start();
    await flush();
    client.last.close();
    const error = await rejection(webchat.actions.invokeAction('SendMessage', { channelSid, body: 'still there?' }));
    expect(error.code).toBe('WEBCHAT_CHAT_ENDED');
    expect(error.message).toContain('SendMessage: the chat has ended');
  });

  it('is not sent when a before listener aborts', async () => {
    const { channelSid } = await start({ name: 'Ada' });
    await flush();
    webchat.actions.on('beforeSendMessage', (p, abort) => (p.body.includes('secret') ? abort() : undefined));
    const error = await rejection(webchat.actions.invokeAction('SendMessage', { channelSid, body: 'my secret' }));
    expect(error.code).toBe('ACTION_ABORTED');
    expect(client.last.sent).toEqual([]);
  });
});

describe('SetInputText and SendTyping', () => {
  it('SetInputText sets the input text; SendTyping tells the agent', async () => {
    const { channelSid } = await start();
    await webchat.actions.invokeAction('SetInputText', { channelSid, body: 'Hel' });
    expect(webchat.getState().inputText).toBe('Hel');
    await webchat.actions.invokeAction('SendTyping', { channelSid });
    expect(client.last.typingCount).toBe(1);
    const error = await rejection(webchat.actions.invokeAction('SetInputText', { channelSid, body: 3 as never }));
    expect(error.code).toBe('WEBCHAT_INVALID_PAYLOAD');
  });
});

describe('RestartEngagement', () => {
  it('leaves the open channel, forgets the stored engagement and goes back to the form', async () => {
    await start();
    await flush();
    const session = client.last;
    await webchat.actions.invokeAction('RestartEngagement');
    expect(session.left).toBe(true);
    expect(storage.items.size).toBe(0);
    expect(webchat.getState()).toMatchObject({ phase: 'form', engagement: undefined, messages: [], inputText: '' });
    // A new engagement can start.
    await start();
    expect(client.started).toHaveLength(2);
  });

  it('after the chat ended, disconnects without leaving', async () => {
    await start();
    await flush();
    const session = client.last;
    session.close();
    expect(webchat.getState().phase).toBe('ended');
    expect(storage.items.size).toBe(1); // a reload still shows the ended chat
    await webchat.actions.invokeAction('RestartEngagement');
    expect(session.left).toBe(false);
    expect(session.disconnected).toBe(true);
    expect(storage.items.size).toBe(0);
  });

  it('during StartEngagement: the late engagement is left, not shown', async () => {
    let open!: () => void;
    client.gate = new Promise<void>((resolve) => (open = resolve));
    const starting = start();
    expect(webchat.getState().phase).toBe('starting');
    await webchat.actions.invokeAction('RestartEngagement');
    open();
    await starting;
    await flush(10);
    expect(webchat.getState().phase).toBe('form');
    expect(storage.items.size).toBe(0);
    expect(client.last.left).toBe(true);
  });
});

describe('visibility', () => {
  it('ToggleChatVisibility flips and returns the visibility; MinimizeChat closes', async () => {
    expect(webchat.getState().visible).toBe(false);
    await expect(webchat.actions.invokeAction('ToggleChatVisibility')).resolves.toEqual({ visible: true });
    expect(webchat.getState().visible).toBe(true);
    await webchat.actions.invokeAction('MinimizeChat');
    expect(webchat.getState().visible).toBe(false);
    await expect(webchat.actions.invokeAction('ToggleChatVisibility')).resolves.toEqual({ visible: true });
  });

  it('starts open with startOpen', async () => {
    const open = await createWebChat({ serverUrl: SERVER, client, storage, startOpen: true }, new PluginRegistry());
    expect(open.getState().visible).toBe(true);
    open.destroy();
  });
});

describe('registrations', () => {
  it('the native actions are owned by "webchat" and undone by destroy, which does not leave the chat', async () => {
    expect(webchat.actions.describe('SendMessage')).toMatchObject({ registered: true, owner: 'webchat' });
    await start();
    await flush();
    const session = client.last;
    webchat.destroy();
    expect(webchat.actions.describe().filter((d) => d.registered)).toEqual([]);
    expect(session.left).toBe(false);
    expect(session.disconnected).toBe(true);
    expect(storage.items.size).toBe(1);
  });

  it('types the actions', () => {
    // Compile-time checks (run by tsc): these lines must not type-check.
    const check = () => {
      // @ts-expect-error no such action
      void webchat.actions.invokeAction('StartEngagment', { formData: {} });
      // @ts-expect-error SendMessage needs a body
      void webchat.actions.invokeAction('SendMessage', { channelSid: 'CH1' });
      // @ts-expect-error formData values are strings
      void webchat.actions.invokeAction('StartEngagement', { formData: { age: 3 } });
    };
    expect(typeof check).toBe('function');
  });
});

describe('createWebChat', () => {
  it('refuses a config without serverUrl, or with duplicate field names', async () => {
    await expect(createWebChat({} as never)).rejects.toMatchObject({
      code: 'WEBCHAT_INVALID_CONFIG',
      message: expect.stringContaining('serverUrl is required'),
    });
    await expect(
      createWebChat({
        serverUrl: SERVER,
        preEngagementConfig: {
          fields: [
            { name: 'a', label: 'A' },
            { name: 'a', label: 'A again' },
          ],
        },
      }),
    ).rejects.toMatchObject({ code: 'WEBCHAT_INVALID_CONFIG', message: expect.stringContaining('unique name') });
  });
});
