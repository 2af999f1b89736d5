/**
 * Flex's SDK clients over the host: `workerClient` (TaskRouter's Worker) and
 * `conversationsClient` (Twilio Conversations), both reading the host's store and acting
 * through the plugin's actions. Their events come from the store's changes: one
 * subscription per plugin, owned by it, made when the first listener is added.
 */
import type { DesktopChannel, DesktopTask, PluginApi } from '@switchboard/plugin';
import type { Invoke, ITask, TaskTranslator } from './itask';
import type { FlexActivity, FlexStateDeriver, HostStateLike } from './state';

type Listener = (...args: never[]) => unknown;
type ChatMessage = DesktopChannel['messages'][number];
type PluginStatuses = Record<string, { state: string; enabled: boolean }> | undefined;

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
    event: 'accepted' | 'wrapup' | 'completed' | 'rejected' | 'canceled',
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
  /** `manager.events`, as far as the store tells them (see `Manager.events`). */
  readonly managerEvents: Emitter;
  readonly #reservationEvents = new Map<string, Emitter>();
  readonly #conversationEmitters = new Map<string, Emitter>();
  #watching = false;
  /** Reservations this agent is rejecting (RejectTask began). */
  readonly #rejecting = new Set<string>();

  constructor(
    private readonly api: PluginApi,
    private readonly invoke: Invoke,
    private readonly tasks: TaskTranslator,
    private readonly deriver: FlexStateDeriver,
  ) {
    this.workerEvents = new Emitter(() => this.#watch());
    this.conversationEvents = new Emitter(() => this.#watch());
    this.managerEvents = new Emitter(() => this.#watch());
  }

  #state = (): HostStateLike => this.api.store.getState() as HostStateLike;
  #report = (error: unknown) => this.api.log.error('a Flex SDK event listener threw', error);

  #watch(): void {
    if (this.#watching) return;
    this.#watching = true;
    // This agent's own rejections are known from the action (the desktop's state does not say why a reservation left).
    this.api.actions.addListener('beforeRejectTask', (payload) => {
      const sid = (payload as { task?: { sid?: unknown } } | undefined)?.task?.sid;
      if (typeof sid === 'string') this.#rejecting.add(sid);
    });
    this.api.actions.addListener('invocationEnd', (invocation, outcome) => {
      const sid = (invocation.payload as { task?: { sid?: unknown } } | undefined)?.task?.sid;
      if (invocation.action === 'RejectTask' && outcome.status !== 'succeeded' && typeof sid === 'string')
        this.#rejecting.delete(sid);
    });
    let previous = this.#state().desktop;
    let plugins = this.#plugins();
    this.api.store.subscribe(() => {
      const nowPlugins = this.#plugins();
      if (nowPlugins !== plugins) {
        const before = plugins;
        plugins = nowPlugins;
        this.#pluginsChanged(before, nowPlugins);
      }
      const current = this.#state().desktop;
      if (current === previous || !current) return;
      const before = previous;
      previous = current;
      this.#diff(before, current);
    });
  }

  /** The host's plugin statuses (`state.switchboard.plugins`). */
  #plugins(): PluginStatuses {
    return (this.#state().switchboard as { plugins?: Record<string, { state: string; enabled: boolean }> } | undefined)
      ?.plugins;
  }

  /** `pluginsLoaded` once no plugin is left to load, `pluginsInitialized` once none is left to initialize. */
  #pluginsChanged(before: PluginStatuses, after: PluginStatuses): void {
    const settled = (plugins: typeof after, waiting: string[]) =>
      plugins !== undefined && !Object.values(plugins).some((p) => p.enabled && waiting.includes(p.state));
    const loading = ['NotStarted'];
    const initializing = ['NotStarted', 'Loaded', 'Initializing'];
    if (!settled(before, loading) && settled(after, loading)) this.managerEvents.emit('pluginsLoaded', this.#report);
    if (!settled(before, initializing) && settled(after, initializing))
      this.managerEvents.emit('pluginsInitialized', this.#report);
  }

  #diff(before: HostStateLike['desktop'], after: NonNullable<HostStateLike['desktop']>): void {
    const oldTasks: Record<string, DesktopTask> = before?.tasks ?? {};
    for (const task of Object.values(after.tasks)) {
      const old = oldTasks[task.sid];
      if (!old) {
        this.workerEvents.emit('reservationCreated', this.#report, this.reservation(task));
        this.managerEvents.emit('taskReceived', this.#report, this.tasks.toITask(task));
      } else if (old.status !== task.status) {
        const event = task.status === 'accepted' ? 'accepted' : task.status === 'wrapping' ? 'wrapup' : undefined;
        if (event) this.#reservationEvents.get(task.sid)?.emit(event, this.#report, this.reservation(task));
        const taskEvent = event === 'accepted' ? 'taskAccepted' : event === 'wrapup' ? 'taskWrapup' : undefined;
        if (taskEvent) this.managerEvents.emit(taskEvent, this.#report, this.tasks.toITask(task));
        this.managerEvents.emit('taskUpdated', this.#report, this.tasks.toITask(task));
      } else if (old !== task) this.managerEvents.emit('taskUpdated', this.#report, this.tasks.toITask(task));
    }
    for (const old of Object.values(oldTasks)) {
      if (after.tasks[old.sid]) continue;
      // Why a reservation left is not in the desktop's state: a wrapping one was completed, one
      // this agent rejected was rejected; the host's task events (issue 12 part A) will tell
      // timed out, rescinded and canceled apart (until then: canceled).
      const emitter = this.#reservationEvents.get(old.sid);
      if (old.status === 'wrapping') {
        emitter?.emit('completed', this.#report, this.reservation(old));
        this.managerEvents.emit('taskCompleted', this.#report, this.tasks.toITask(old));
      } else if (this.#rejecting.delete(old.sid)) {
        emitter?.emit('rejected', this.#report, this.reservation(old));
        this.managerEvents.emit('taskRejected', this.#report, this.tasks.toITask(old));
      } else emitter?.emit('canceled', this.#report, this.reservation(old));
      this.#reservationEvents.delete(old.sid);
    }
    const ow = before?.worker;
    const nw = after.worker;
    if (ow && nw && ow !== nw) {
      if (ow.activity !== nw.activity || ow.activitySid !== nw.activitySid) {
        this.workerEvents.emit('activityUpdated', this.#report, this.worker);
        this.managerEvents.emit('workerActivityUpdated', this.#report, this.worker);
      }
      if (ow.attributes !== nw.attributes) {
        this.workerEvents.emit('attributesUpdated', this.#report, this.worker);
        this.managerEvents.emit('workerAttributesUpdated', this.#report, this.worker);
      }
    }
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
