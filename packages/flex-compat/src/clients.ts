/**
 * Flex's SDK clients over the host: `workerClient` (TaskRouter's Worker) and
 * `conversationsClient` (Twilio Conversations), both reading the host's store and acting
 * through the plugin's actions. Their reservation and worker events are the host's
 * (`api.events`); `messageAdded` comes from the store's changes. The subscriptions are the
 * plugin's (owned), made when the first listener is added.
 */
import type { DesktopChannel, DesktopTask, PluginApi } from '@switchboard/plugin';
import type { Invoke, ITask, TaskTranslator } from './itask';
import type { FlexActivity, FlexStateDeriver, HostStateLike } from './state';

type Listener = (...args: never[]) => unknown;
type ChatMessage = DesktopChannel['messages'][number];

/** A small event emitter with Flex's (Node's) method names. */
export class Emitter {
  readonly #listeners = new Map<string, Listener[]>();
  constructor(private readonly onFirstListener?: () => void) {}
  on(event: string, listener: Listener): this {
    this.onFirstListener?.();
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }
  addListener(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  once(event: string, listener: Listener): this {
    const once = (...args: never[]) => {
      this.off(event, once);
      return listener(...args);
    };
    return this.on(event, once);
  }
  off(event: string, listener: Listener): this {
    const list = this.#listeners.get(event) ?? [];
    const at = list.lastIndexOf(listener);
    if (at >= 0) this.#listeners.set(event, [...list.slice(0, at), ...list.slice(at + 1)]);
    return this;
  }
  removeListener(event: string, listener: Listener): this {
    return this.off(event, listener);
  }
  removeAllListeners(event?: string): this {
    if (event === undefined) this.#listeners.clear();
    else this.#listeners.delete(event);
    return this;
  }
  /** Calls the listeners; one that throws is reported through `report`, not rethrown. */
  emit(event: string, report: (error: unknown) => void, ...args: unknown[]): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        const r = (listener as (...a: unknown[]) => unknown)(...args);
        if (r instanceof Promise) r.catch(report);
      } catch (error) {
        report(error);
      }
    }
  }
}

/** A task as TaskRouter's SDK gives it on a reservation (unlike ITask, `sid` is the task's). */
export type RouterTask = Omit<ITask, 'sid' | 'status'> & { readonly sid: string; readonly status: string };

/** A reservation, as `workerClient.on('reservationCreated', (reservation) => …)` gives it. */
export interface FlexReservation {
  readonly sid: string;
  readonly status: string;
  /** TaskRouter's task: `sid` is the task's (`WT…`), `status` the task's status. */
  readonly task: RouterTask;
  accept(): Promise<unknown>;
  reject(): Promise<unknown>;
  wrap(): Promise<unknown>;
  complete(): Promise<unknown>;
  on(
    event: 'accepted' | 'wrapup' | 'completed' | 'rejected' | 'canceled' | 'timeout' | 'rescinded',
    listener: (reservation: FlexReservation) => void,
  ): FlexReservation;
}

/** A chat message, as Conversations' `Message`. */
export interface FlexMessage {
  readonly sid: string;
  readonly index: number;
  readonly body: string;
  readonly author: string;
  readonly dateCreated: Date;
  readonly attributes: Record<string, unknown>;
  readonly conversation: FlexConversation;
}

/** A conversation, as Conversations' `Conversation`. */
export interface FlexConversation {
  readonly sid: string;
  readonly attributes: Record<string, unknown>;
  /** Sends a message (`SendMessage`); resolves with its index. */
  sendMessage(body: string): Promise<number>;
  /** Every message so far, as one page. */
  getMessages(pageSize?: number): Promise<{ items: FlexMessage[]; hasNextPage: false; hasPrevPage: false }>;
  /** Tells the customer the agent is typing (`SendTyping`). */
  typing(): Promise<void>;
  on(event: 'messageAdded', listener: (message: FlexMessage) => void): FlexConversation;
  off(event: 'messageAdded', listener: (message: FlexMessage) => void): FlexConversation;
  removeListener(event: 'messageAdded', listener: (message: FlexMessage) => void): FlexConversation;
}

/** TaskRouter's view of an ITask. */
function routerTask(itask: ITask): RouterTask {
  const { sid: _reservationSid, status: _reservationStatus, ...rest } = itask;
  return Object.freeze({
    ...rest,
    age: itask.age,
    sid: itask.taskSid,
    status: itask.taskStatus,
    setAttributes: itask.setAttributes,
    wrapUp: itask.wrapUp,
    complete: itask.complete,
    transfer: itask.transfer,
  });
}

/**
 * Watches the store for what the clients' events report: new and changed reservations,
 * the worker's activity and attributes, new messages.
 */
export class SdkClients {
  readonly workerEvents: Emitter;
  readonly conversationEvents: Emitter;
  readonly #reservationEvents = new Map<string, Emitter>();
  readonly #conversationEmitters = new Map<string, Emitter>();
  #watching = false;

  constructor(
    private readonly api: PluginApi,
    private readonly invoke: Invoke,
    private readonly tasks: TaskTranslator,
    private readonly deriver: FlexStateDeriver,
  ) {
    this.workerEvents = new Emitter(() => this.#watch());
    this.conversationEvents = new Emitter(() => this.#watch());
  }

  #state = (): HostStateLike => this.api.store.getState() as HostStateLike;
  #report = (error: unknown) => this.api.log.error('a Flex SDK event listener threw', error);

  #watch(): void {
    if (this.#watching) return;
    this.#watching = true;
    const events = this.api.events;
    events.on('taskReceived', (task) =>
      this.workerEvents.emit('reservationCreated', this.#report, this.reservation(task)),
    );
    // The reservation's own events, by the host's task events; a reservation that ended is forgotten.
    const ended = (task: DesktopTask, event: string) => {
      this.#reservationEvents.get(task.sid)?.emit(event, this.#report, this.reservation(task));
      this.#reservationEvents.delete(task.sid);
    };
    events.on('taskAccepted', (task) =>
      this.#reservationEvents.get(task.sid)?.emit('accepted', this.#report, this.reservation(task)),
    );
    events.on('taskWrapup', (task) =>
      this.#reservationEvents.get(task.sid)?.emit('wrapup', this.#report, this.reservation(task)),
    );
    events.on('taskCompleted', (task) => ended(task, 'completed'));
    events.on('taskRejected', (task) => ended(task, 'rejected'));
    events.on('taskCanceled', (task) => ended(task, 'canceled'));
    events.on('taskTimeout', (task) => ended(task, 'timeout'));
    events.on('taskRescinded', (task) => ended(task, 'rescinded'));
    events.on('workerActivityUpdated', () => this.workerEvents.emit('activityUpdated', this.#report, this.worker));
    events.on('workerAttributesUpdated', () => this.workerEvents.emit('attributesUpdated', this.#report, this.worker));
    let previous = this.#state().desktop;
    this.api.store.subscribe(() => {
      const current = this.#state().desktop;
      if (current === previous || !current) return;
      const before = previous;
      previous = current;
      this.#messages(before, current);
    });
  }

  /** `messageAdded` for the messages `after` has and `before` had not. */
  #messages(before: HostStateLike['desktop'], after: NonNullable<HostStateLike['desktop']>): void {
    const oldChannels: Record<string, DesktopChannel> = before?.channels ?? {};
    for (const [sid, channel] of Object.entries(after.channels)) {
      const old = oldChannels[sid];
      if (old?.messages === channel.messages) continue;
      const seen = new Set((old?.messages ?? []).map((m) => m.sid));
      for (const message of channel.messages) {
        if (seen.has(message.sid)) continue;
        const flexMessage = this.#message(message);
        this.conversationEvents.emit('messageAdded', this.#report, flexMessage);
        this.#conversationEmitters.get(sid)?.emit('messageAdded', this.#report, flexMessage);
      }
    }
  }

  /** A reservation object for a desktop task. */
  reservation(task: DesktopTask): FlexReservation {
    const sid = task.sid;
    const reservation: FlexReservation = {
      sid,
      status: task.status,
      task: routerTask(this.tasks.toITask(task)),
      accept: () => this.invoke('AcceptTask', { sid }),
      reject: () => this.invoke('RejectTask', { sid }),
      wrap: () => this.invoke('WrapupTask', { sid }),
      complete: () => this.invoke('CompleteTask', { sid }),
      on: (event, listener) => {
        this.#watch();
        const emitter = this.#reservationEvents.get(sid) ?? new Emitter();
        this.#reservationEvents.set(sid, emitter);
        emitter.on(event, listener);
        return reservation;
      },
    };
    return reservation;
  }

  /** `workerClient`: this agent, as TaskRouter's Worker. */
  get worker() {
    const state = this.deriver.flex(this.#state()).worker;
    const tasksNow = () => (this.#state().desktop?.tasks ?? {}) as Record<string, DesktopTask>;
    const reservationOf = (task: DesktopTask) => this.reservation(task);
    return {
      get sid(): string | undefined {
        return state.worker?.sid;
      },
      get name(): string | undefined {
        return state.worker?.name;
      },
      get attributes(): Record<string, unknown> {
        return state.attributes;
      },
      get activity(): FlexActivity | undefined {
        return state.activity;
      },
      get available(): boolean {
        return state.activity?.available ?? false;
      },
      get reservations(): Map<string, FlexReservation> {
        return new Map(Object.values(tasksNow()).map((t) => [t.sid, reservationOf(t)]));
      },
      /** Replaces this agent's attributes (`SetWorkerAttributes`). */
      setAttributes: (attributes: Record<string, unknown>) =>
        this.invoke('SetWorkerAttributes', { attributes, mergeExisting: false }).then(() => this.worker),
      on: (event: string, listener: Listener) => (this.workerEvents.on(event, listener), this.worker),
      addListener: (event: string, listener: Listener) => (this.workerEvents.on(event, listener), this.worker),
      off: (event: string, listener: Listener) => (this.workerEvents.off(event, listener), this.worker),
      removeListener: (event: string, listener: Listener) => (this.workerEvents.off(event, listener), this.worker),
    };
  }

  #channel(sid: string): DesktopChannel | undefined {
    return this.#state().desktop?.channels[sid];
  }

  #message(message: ChatMessage): FlexMessage {
    return {
      sid: message.sid,
      index: message.index,
      body: message.body,
      author: message.author,
      dateCreated: new Date(message.createdAt),
      attributes: { authorName: message.authorName, authorRole: message.authorRole },
      conversation: this.conversation(message.channelSid),
    };
  }

  /** A conversation object (the chat may be gone later: its calls then reject, naming it). */
  conversation(sid: string): FlexConversation {
    const conversation: FlexConversation = {
      sid,
      attributes: {},
      sendMessage: (body) =>
        this.invoke('SendMessage', { channelSid: sid, body }).then((m) => (m as ChatMessage).index),
      getMessages: async () => ({
        items: (this.#channel(sid)?.messages ?? []).map((m) => this.#message(m)),
        hasNextPage: false,
        hasPrevPage: false,
      }),
      typing: () => this.invoke('SendTyping', { channelSid: sid }).then(() => undefined),
      on: (event, listener) => {
        this.#watch();
        const emitter = this.#conversationEmitters.get(sid) ?? new Emitter();
        this.#conversationEmitters.set(sid, emitter);
        emitter.on(event, listener);
        return conversation;
      },
      off: (event, listener) => {
        this.#conversationEmitters.get(sid)?.off(event, listener);
        return conversation;
      },
      removeListener: (event, listener) => conversation.off(event, listener),
    };
    return conversation;
  }

  /** `conversationsClient`: the agent's chats, as Twilio Conversations' client. */
  get conversations() {
    return {
      /** The conversation of one of this agent's tasks; rejects when the agent has no such chat. */
      getConversationBySid: async (sid: string): Promise<FlexConversation> => {
        if (!this.#channel(sid))
          throw new Error(
            `conversationsClient.getConversationBySid("${sid}"): this agent has no such conversation (only the chats of its tasks are open)`,
          );
        return this.conversation(sid);
      },
      on: (event: string, listener: Listener) => (this.conversationEvents.on(event, listener), this.conversations),
      addListener: (event: string, listener: Listener) => (
        this.conversationEvents.on(event, listener),
        this.conversations
      ),
      off: (event: string, listener: Listener) => (this.conversationEvents.off(event, listener), this.conversations),
      removeListener: (event: string, listener: Listener) => (
        this.conversationEvents.off(event, listener),
        this.conversations
      ),
    };
  }
}
