/**
 * The contact center of the plugin test kit: the real one (the engine, its rules, the server's
 * protocol and the WebSocket clients), in this process and in memory
 * (`@switchboard/contact-center/in-process`), with a driver that plays the customers and the
 * routing: create a task offered to this agent, write and type as its customer, time an offer
 * out, make a call fail, drop the connection, take the contact center away and back.
 */
import {
  ContactCenterError,
  type AgentClient,
  type AgentSnapshot,
  type CallInfo,
  type ChannelInfo,
  type ChatMessage,
  type ContactCenterErrorCode,
  type ContactCenterProvider,
  type CallDtmf,
  type CustomerSession,
  type ReservationInfo,
  type TaskInfo,
} from '@switchboard/contact-center';
import {
  createInProcessContactCenter,
  type InProcessContactCenter,
  type InProcessOptions,
} from '@switchboard/contact-center/in-process';
import type { CallMatch } from './CallWatch';
import { EventJournal } from './EventJournal';
import { TestCaller } from './TestCaller';
import { TestPhone } from './TestPhone';

/** What {@link TestContactCenter.createTask} takes. */
export interface TestTaskOptions {
  /** The customer's display name. Default `Customer N`. */
  customerName?: string;
  /** More task attributes (the pre-engagement form's fields: strings). */
  attributes?: Record<string, string>;
  /** The customer's first message, if any (written once the task is offered). */
  message?: string;
  /**
   * The agent the task is offered to (known-agent routing, `attributes.targetWorker`): this
   * test's agent by default, or one of the others.
   */
  to?: string;
}

/** A task the driver created: its sids, to act on it, and its customer's session. */
export interface TestTask {
  taskSid: string;
  /** The reservation offered to the agent (`to`). */
  reservationSid: string;
  channelSid: string;
  customerIdentity: string;
  /** The customer's side of the chat (a real session: `sendMessage`, `leave`, events). */
  customer: CustomerSession;
}

/** A call the driver placed: its task's sids, its call's, and its caller's session. */
export interface TestCall extends TestTask {
  /** The call (`CA…`). */
  callSid: string;
}

/** One call of a provider method, as the driver recorded it. */
export interface ProviderCall {
  method: string;
  args: unknown[];
}

/** What {@link TestContactCenter.placeCall} takes. */
export interface PlaceCallOptions {
  /** The caller's name (the call's `from`). Default `Caller N`. */
  name?: string;
  /** More form data (the task's attributes: strings). */
  attributes?: Record<string, string>;
  /** The agent the call is offered to: this test's agent by default, or one of the others. */
  to?: string;
}

/** Options of {@link TestContactCenter.start}. */
export interface TestContactCenterOptions {
  /** This agent's identity (default `agent`); Available from the start. */
  agent?: string;
  /** Other agents, connected and Available too, for transfers (default one: `colleague`). */
  others?: string[];
  /** How long an offer waits to be accepted (default 30,000 ms; `timeOut()` ends one at once). */
  reservationTimeoutMs?: number;
  /** Chats an agent handles at once (default 3). */
  chatCapacity?: number;
  /** Calls: the caller id outbound calls show (default `+15550100000`), the ring timeout (default 30,000 ms). */
  voice?: InProcessOptions['voice'];
  /** How long a driver step waits for the contact center (default 2,000 ms). */
  waitMs?: number;
  /**
   * How each driver step runs (default: as is). The test host wraps them in React's `act()`,
   * so what they change renders before the step resolves.
   */
  step?: <T>(run: () => Promise<T>) => Promise<T>;
}

const METHODS = [
  'setActivity',
  'setWorkerAttributes',
  'setTaskAttributes',
  'acceptReservation',
  'rejectReservation',
  'transferTask',
  'wrapupTask',
  'completeTask',
  'sendMessage',
  'sendTyping',
  'getMessages',
  'listWorkers',
  'listQueues',
  'logout',
] as const satisfies ReadonlyArray<keyof ContactCenterProvider>;
type Method = (typeof METHODS)[number];

/** An agent of the contact center, with what its client emitted. */
interface Agent {
  client: AgentClient;
  journal: EventJournal;
}

/**
 * The real contact center in memory, for one agent's tests.
 *
 * @example
 * const cc = await TestContactCenter.start({ agent: 'alice' });
 * const host = createHost({ contactCenter: cc.provider });
 * await cc.connect();
 * const { reservationSid, channelSid } = await cc.createTask({ customerName: 'Ada', message: 'Hi!' });
 * await host.actions.invokeAction('AcceptTask', { sid: reservationSid });
 * await cc.customerWrites(channelSid, 'Are you there?');
 */
export class TestContactCenter {
  /** Every provider method the host called, in order (for assertions). */
  readonly calls: ProviderCall[] = [];
  /** The channels this agent sent a typing signal to, in order. */
  readonly typingSent: string[] = [];
  /** This agent's provider: give it to `createHost({ contactCenter })`. */
  readonly provider: ContactCenterProvider;
  readonly #failures = new Map<string, ContactCenterError[]>();
  readonly #customers = new Map<string, { session: CustomerSession; taskSid: string }>();
  readonly #others = new Map<string, Agent>();
  readonly #callers: TestCaller[] = [];
  readonly #phones = new Map<string, TestPhone>();
  readonly #me: Agent;
  #seq = 0;

  private constructor(
    /** The contact center itself (engine, repository, outage, restart). */
    readonly contactCenter: InProcessContactCenter,
    /** This agent's identity. */
    readonly identity: string,
    private readonly waitMs: number,
    private readonly step: <T>(run: () => Promise<T>) => Promise<T>,
  ) {
    this.#me = this.#agent(identity);
    this.provider = this.#recording(this.#me.client);
  }

  /** Starts the contact center: this agent Available (not connected yet), the others connected and Available. */
  static async start(options: TestContactCenterOptions = {}): Promise<TestContactCenter> {
    const identity = options.agent ?? 'agent';
    const others = options.others ?? ['colleague'];
    const settings: InProcessOptions = { agents: [identity, ...others] };
    if (options.reservationTimeoutMs !== undefined) settings.reservationTimeoutMs = options.reservationTimeoutMs;
    if (options.chatCapacity !== undefined) settings.chatCapacity = options.chatCapacity;
    if (options.voice !== undefined) settings.voice = options.voice;
    const contactCenter = await createInProcessContactCenter(settings);
    const cc = new TestContactCenter(
      contactCenter,
      identity,
      options.waitMs ?? 2_000,
      options.step ?? ((run) => run()),
    );
    // This agent is Available before it connects, as an agent who signs in ready to work.
    const setup = contactCenter.agent(identity);
    await setup.connect();
    await setup.setActivity('Available');
    setup.disconnect();
    for (const other of others) {
      const agent = cc.#agent(other);
      cc.#others.set(other, agent);
      await agent.client.connect();
      await agent.client.setActivity('Available');
    }
    return cc;
  }

  /** Connects this agent (through its provider, as the host would); resolves with the first snapshot. */
  connect(): Promise<AgentSnapshot> {
    return this.provider.connect();
  }

  // ---- what the customers and the routing do ----------------------------------------------

  /**
   * A customer starts a chat (the pre-engagement form: a name and the attributes) and the task
   * is offered to this agent (or to `to`); resolves once the offer reached that agent.
   */
  createTask(options: TestTaskOptions = {}): Promise<TestTask> {
    return this.step(async () => {
      const n = ++this.#seq;
      const customerName = options.customerName ?? `Customer ${n}`;
      const to = options.to ?? this.identity;
      const agent = to === this.identity ? this.#me : this.#others.get(to);
      if (!agent) throw new Error(`TestContactCenter: no agent "${to}" (this agent, or one of options.others)`);
      const from = agent.journal.mark;
      const customers = this.contactCenter.customers();
      const engagement = await customers.startEngagement({
        ...options.attributes,
        friendlyName: customerName,
        targetWorker: to,
      });
      const reservation = await this.#offer(engagement.taskSid, customerName, to);
      // Its agent's client heard it (the host's store has it) before this resolves.
      if (agent.client.connectionState === 'connected')
        await agent.journal.waitFor(
          'reservationUpdated',
          (r) => r.sid === reservation.sid,
          () => `${to} did not hear of the offer ${reservation.sid}`,
          from,
        );
      const session = await customers.resumeSession(engagement);
      this.#customers.set(engagement.channelSid, { session, taskSid: engagement.taskSid });
      if (options.message !== undefined) await this.#write(engagement.channelSid, options.message);
      return {
        taskSid: engagement.taskSid,
        reservationSid: reservation.sid,
        channelSid: engagement.channelSid,
        customerIdentity: engagement.identity,
        customer: session,
      };
    });
  }

  /**
   * A customer calls (the shop page's "Call us": a name and the attributes): the call's voice
   * task is offered to this agent (or to `to`); resolves once the offer reached that agent. The
   * caller's session relays signals, mutes, sends digits; `customerLeaves(channelSid)` hangs up.
   *
   * @example
   * const { reservationSid, callSid } = await cc.createCall({ customerName: 'Ada' });
   * await host.actions.invokeAction('AcceptTask', { sid: reservationSid });
   * await host.actions.invokeAction('HoldCall', { sid: reservationSid });
   */
  createCall(options: Omit<TestTaskOptions, 'message'> = {}): Promise<TestCall> {
    return this.step(async () => {
      const n = ++this.#seq;
      const customerName = options.customerName ?? `Customer ${n}`;
      const to = options.to ?? this.identity;
      const agent = to === this.identity ? this.#me : this.#others.get(to);
      if (!agent) throw new Error(`TestContactCenter: no agent "${to}" (this agent, or one of options.others)`);
      const from = agent.journal.mark;
      const customers = this.contactCenter.customers();
      const engagement = await customers.startCall({
        ...options.attributes,
        friendlyName: customerName,
        targetWorker: to,
      });
      const reservation = await this.#offer(engagement.taskSid, customerName, to);
      if (agent.client.connectionState === 'connected')
        await agent.journal.waitFor(
          'reservationUpdated',
          (r) => r.sid === reservation.sid,
          () => `${to} did not hear of the call ${engagement.callSid}`,
          from,
        );
      const session = customers.session(engagement);
      await session.connect();
      this.#customers.set(engagement.channelSid, { session, taskSid: engagement.taskSid });
      return {
        taskSid: engagement.taskSid,
        reservationSid: reservation.sid,
        channelSid: engagement.channelSid,
        callSid: engagement.callSid,
        customerIdentity: engagement.identity,
        customer: session,
      };
    });
  }

  /** The customer of `channelSid` writes; resolves with the stored message once this agent has it (if it holds the task). */
  customerWrites(channelSid: string, body: string): Promise<ChatMessage> {
    return this.step(() => this.#write(channelSid, body));
  }

  /** The customer of `channelSid` is typing; resolves once this agent heard it (if it holds the task). */
  customerTyping(channelSid: string): Promise<void> {
    return this.step(async () => {
      const { session, taskSid } = this.#customer(channelSid);
      const from = this.#me.journal.mark;
      session.sendTyping();
      if (this.#holds(taskSid))
        await this.#me.journal.waitFor(
          'typing',
          (e) => e.channelSid === channelSid,
          () => 'no typing reached this agent',
          from,
        );
    });
  }

  /** The customer of `channelSid` leaves: the task is canceled (unless wrapping), the channel closes. */
  customerLeaves(channelSid: string): Promise<void> {
    return this.step(async () => {
      const { session, taskSid } = this.#customer(channelSid);
      const from = this.#me.journal.mark;
      const held = this.#holds(taskSid);
      await session.leave();
      if (held)
        await this.#me.journal.waitFor(
          'taskUpdated',
          (t) => t.sid === taskSid,
          () => 'this agent did not hear the customer leave',
          from,
        );
    });
  }

  /** The offer was not accepted in time: it times out now (its agent hears it), and the task is routed again. */
  timeOut(reservationSid: string): Promise<void> {
    return this.step(async () => {
      const from = this.#me.journal.mark;
      const expired = await this.contactCenter.engine.expire(reservationSid);
      if (!expired)
        throw new Error(`TestContactCenter: reservation ${reservationSid} is not pending: it cannot time out`);
      if (expired.workerSid === this.#me.client.worker?.sid)
        await this.#me.journal.waitFor(
          'reservationUpdated',
          (r) => r.sid === reservationSid && r.status === 'timeout',
          () => `this agent did not hear that ${reservationSid} timed out`,
          from,
        );
    });
  }

  /** Every message of a channel so far, as the contact center stored them (what the customer sees). */
  messagesOf(channelSid: string): Promise<ChatMessage[]> {
    return this.contactCenter.repository.messages(channelSid);
  }

  /** A task as the contact center has it. */
  taskInfo(taskSid: string): Promise<TaskInfo | undefined> {
    return this.contactCenter.repository.task(taskSid);
  }

  /** A channel as the contact center has it. */
  channelInfo(channelSid: string): Promise<ChannelInfo | undefined> {
    return this.contactCenter.repository.channel(channelSid);
  }

  /** Another agent's client (connected and Available from the start), to act as a colleague. */
  colleague(identity: string): AgentClient {
    const agent = this.#others.get(identity);
    if (!agent) throw new Error(`TestContactCenter: no other agent "${identity}" (options.others)`);
    return agent.client;
  }

  // ---- calls ---------------------------------------------------------------------------------

  /**
   * A customer calls (signalling only, no media): the call's voice task is offered to this
   * agent (or to `to`); resolves once that agent heard the offer, with the caller's driver.
   *
   * @example
   * const caller = await cc.placeCall({ name: 'Ada' });
   * await host.actions.invokeAction('AcceptTask', { sid: caller.reservationSid });
   * await caller.waitFor('in-progress');
   * await caller.hangUp(); // the task wraps
   */
  placeCall(options: PlaceCallOptions = {}): Promise<TestCaller> {
    return this.step(async () => {
      const n = ++this.#seq;
      const name = options.name ?? `Caller ${n}`;
      const to = options.to ?? this.identity;
      const agent = to === this.identity ? this.#me : this.#others.get(to);
      if (!agent) throw new Error(`TestContactCenter: no agent "${to}" (this agent, or one of options.others)`);
      const from = agent.journal.mark;
      const customers = this.contactCenter.customers();
      const engagement = await customers.startCall({ ...options.attributes, friendlyName: name, targetWorker: to });
      const reservation = await this.#offer(engagement.taskSid, name, to);
      if (agent.client.connectionState === 'connected')
        await agent.journal.waitFor(
          'callUpdated',
          (c) => c.sid === engagement.callSid,
          () => `${to} did not hear of the call ${engagement.callSid}`,
          from,
        );
      const session = customers.session(engagement);
      const caller = new TestCaller(
        { ...engagement, customerIdentity: engagement.identity, reservationSid: reservation.sid },
        session,
        {
          step: (run) => this.step(run),
          waitMs: this.waitMs,
          agentHears: (event, callSid, match) => this.#agentHears(event, callSid, match),
        },
      );
      this.#callers.push(caller);
      await session.connect();
      return caller;
    });
  }

  /**
   * A phone page registered at `number` (`+` and 3–15 digits), connected: outbound calls to it
   * ring it. The same number gives the same phone.
   *
   * @example
   * const phone = await cc.phone('+15551230001');
   * const { call } = await cc.provider.voice!.startOutboundCall({ destination: phone.number });
   * expect((await phone.waitForRinging()).sid).toBe(call.sid);
   */
  phone(number: string): Promise<TestPhone> {
    return this.step(async () => {
      const known = this.#phones.get(number);
      if (known) return known;
      const phone = new TestPhone(this.contactCenter.phone(number), (run) => this.step(run), this.waitMs);
      this.#phones.set(number, phone);
      await phone.session.connect();
      return phone;
    });
  }

  /** The call `callSid` as this agent last heard of it (`callUpdated`), if it did. */
  callOf(callSid: string): CallInfo | undefined {
    return this.#me.journal.latest('callUpdated', (c) => c.sid === callSid);
  }

  /** Resolves once this agent heard the call `callSid` reach `status` (or pass the test), now or later. */
  waitForCall(callSid: string, match: CallMatch): Promise<CallInfo> {
    const test = typeof match === 'string' ? (c: CallInfo) => c.status === match : match;
    return this.step(async () => {
      const now = this.callOf(callSid);
      if (now && test(now)) return now;
      return this.#me.journal.waitFor(
        'callUpdated',
        (c) => c.sid === callSid && test(c),
        () => `this agent did not hear the call ${callSid} become ${typeof match === 'string' ? match : 'as expected'}`,
      );
    });
  }

  // ---- faults -------------------------------------------------------------------------------

  /** Makes this agent's next call of `method` reject with a ContactCenterError of `code`. */
  failNext(method: Method, code: ContactCenterErrorCode = 'CC_INVALID_STATE', message?: string): void {
    const list = this.#failures.get(method) ?? [];
    list.push(new ContactCenterError(code, message ?? `${method} failed (injected by the test)`));
    this.#failures.set(method, list);
  }

  /** This agent's connection drops and comes back (the client reconnects): resolves with the fresh snapshot. */
  reconnect(): Promise<AgentSnapshot> {
    return this.step(async () => {
      const from = this.#me.journal.mark;
      this.contactCenter.drop(this.identity);
      return this.#me.journal.waitFor(
        'snapshot',
        () => true,
        () => 'no snapshot after the reconnect',
        from,
      );
    });
  }

  /** The contact center becomes unreachable (every connection drops) until `restore()`. */
  outage(): void {
    this.contactCenter.outage();
  }

  /** The contact center is back: resolves once this agent is connected again (with a fresh snapshot). */
  restore(): Promise<AgentSnapshot> {
    return this.step(async () => {
      const from = this.#me.journal.mark;
      this.contactCenter.restore();
      return this.#me.journal.waitFor(
        'snapshot',
        () => true,
        () => 'this agent did not reconnect',
        from,
      );
    });
  }

  /** Stops every client and the contact center. */
  async close(): Promise<void> {
    for (const { session } of this.#customers.values()) session.disconnect();
    for (const caller of this.#callers) caller.dispose();
    for (const phone of this.#phones.values()) phone.dispose();
    for (const { client } of this.#others.values()) client.disconnect();
    this.#me.client.disconnect();
    await this.contactCenter.close();
  }

  // ---- internals ------------------------------------------------------------------------------

  /** The pending reservation of `taskSid`, once routing made it (read from the record). */
  async #offer(taskSid: string, customerName: string, to: string): Promise<ReservationInfo> {
    const end = Date.now() + this.waitMs;
    for (;;) {
      const reservations = await this.contactCenter.repository.reservationsOfTasks([taskSid]);
      const offered = reservations.find((r) => r.status === 'pending');
      if (offered) return offered;
      if (Date.now() > end) {
        const why = await this.#whyNotOffered(to);
        throw new Error(
          `TestContactCenter: the task of ${customerName} was not offered to ${to}: ${why} (waited ${this.waitMs} ms)`,
        );
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  async #write(channelSid: string, body: string): Promise<ChatMessage> {
    const { session, taskSid } = this.#customer(channelSid);
    const from = this.#me.journal.mark;
    const message = await session.sendMessage(body);
    if (this.#holds(taskSid))
      await this.#me.journal.waitFor(
        'messageAdded',
        (m) => m.sid === message.sid,
        () => `this agent did not get the customer's message in ${channelSid}`,
        from,
      );
    return message;
  }

  #agent(identity: string): Agent {
    const client = this.contactCenter.agent(identity);
    return { client, journal: new EventJournal(client, this.waitMs) };
  }

  #customer(channelSid: string): { session: CustomerSession; taskSid: string } {
    const customer = this.#customers.get(channelSid);
    if (!customer) throw new Error(`TestContactCenter: no customer of channel ${channelSid} (createTask makes one)`);
    return customer;
  }

  /** Listens for `event` of a call at this agent; resolves at once when it does not hear them. */
  #agentHears(
    event: 'callUpdated' | 'callDtmf',
    callSid: string,
    match: (value: CallInfo | CallDtmf) => boolean,
  ): Promise<void> {
    const call = this.callOf(callSid);
    const me = this.#me.client.worker?.sid;
    const hears =
      this.#me.client.connectionState === 'connected' &&
      call !== undefined &&
      call.status !== 'ended' &&
      (event === 'callUpdated'
        ? this.#holds(call.taskSid)
        : call.participants.some((p) => p.id === me && (p.state === 'joined' || p.state === 'held')));
    if (!hears) return Promise.resolve();
    const why = () => `this agent did not hear the ${event} of ${callSid}`;
    const heard =
      event === 'callUpdated'
        ? this.#me.journal.waitFor('callUpdated', (c) => c.sid === callSid && match(c), why)
        : this.#me.journal.waitFor('callDtmf', (d) => d.callSid === callSid && match(d), why);
    return heard.then(() => undefined);
  }

  /** Does this agent hold a live reservation on `taskSid` (does it hear the chat)? */
  #holds(taskSid: string): boolean {
    const latest = this.#me.journal.latest('reservationUpdated', (r) => r.taskSid === taskSid);
    return latest !== undefined && ['pending', 'accepted', 'wrapping'].includes(latest.status);
  }

  async #whyNotOffered(identity: string): Promise<string> {
    const worker = (await this.contactCenter.repository.workers()).find((w) => w.identity === identity);
    if (worker && worker.activity !== 'Available') return `${identity} is ${worker.activity}`;
    return `${identity} has no free capacity`;
  }

  /** The provider the host gets: this agent's client, with its calls recorded and faults injected. */
  #recording(client: AgentClient): ContactCenterProvider {
    const { calls, typingSent } = this;
    const failures = this.#failures;
    const call =
      (method: Method) =>
      (...args: unknown[]): unknown => {
        calls.push({ method, args });
        if (method === 'sendTyping') typingSent.push(args[0] as string);
        const failure = failures.get(method)?.shift();
        if (failure) return method === 'sendTyping' ? undefined : Promise.reject(failure);
        return (client[method] as (...a: unknown[]) => unknown)(...args);
      };
    const provider: ContactCenterProvider = {
      get connectionState() {
        return client.connectionState;
      },
      get worker() {
        return client.worker;
      },
      // The supervisor's operations (monitoring), as the client has them: not recorded.
      get supervision() {
        return client.supervision;
      },
      connect: () => {
        calls.push({ method: 'connect', args: [] });
        return client.connect();
      },
      disconnect: () => client.disconnect(),
      on: (event, listener) => client.on(event, listener),
      // The voice operations, as the client has them (calls are driven with createCall): not recorded.
      get voice() {
        return client.voice;
      },
      ...(Object.fromEntries(METHODS.map((m) => [m, call(m)])) as Pick<ContactCenterProvider, Method>),
    };
    return provider;
  }
}
