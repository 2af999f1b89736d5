/**
 * Flex's Redux state (`state.flex`), derived from the host's `state.desktop` and `state.ui`: what Flex plugins read, in Flex's shape. It is computed, never
 * stored (Maps are not serializable state): `manager.store.getState()` and
 * `useFlexSelector` see `{ ...hostState, flex }`, memoized per host state.
 */
import type { DesktopChannel, DesktopTask } from '@switchboard/plugin';
import type { ITask, TaskTranslator } from './itask';

/** What the compat layer reads of the host's state (`desktop` is there when the host has a contact center). */
export interface HostStateLike {
  desktop?: {
    connection: string;
    worker: {
      sid: string;
      identity: string;
      fullName: string;
      activity: string;
      activitySid: string;
      attributes: Record<string, unknown>;
    } | null;
    tasks: Record<string, DesktopTask>;
    selectedTaskSid: string | null;
    channels: Record<string, DesktopChannel>;
    /** The contact center's activities (empty until it sent them). */
    activities: Array<{ sid: string; name: string; available: boolean }>;
  };
  ui?: { view?: { selected?: string } };
  [namespace: string]: unknown;
}

/** Flex's activity. */
export interface FlexActivity {
  sid: string;
  name: string;
  available: boolean;
}

/** `state.flex`, as much of it as the compat layer derives. */
export interface FlexState {
  worker: {
    /** This agent's tasks by reservation sid. */
    tasks: Map<string, ITask>;
    activities: Map<string, FlexActivity>;
    activity: FlexActivity | undefined;
    attributes: Record<string, unknown>;
    worker:
      | { sid: string; name: string; fullName: string; attributes: Record<string, unknown>; activityName: string }
      | undefined;
  };
  session: { isLoggedIn: boolean; loginState: string; identity: string | undefined; connectionState: string };
  chat: {
    conversationInput: Record<string, { inputText: string }>;
    conversations: Record<
      string,
      {
        messages: Array<{
          sid: string;
          index: number;
          author: string;
          body: string;
          isFromMe: boolean;
          dateCreated: Date;
        }>;
        typers: string[];
      }
    >;
  };
  view: { activeView: string; selectedTaskSid: string | undefined };
}

type Desktop = NonNullable<HostStateLike['desktop']>;

/** Derives `state.flex`; one derivation per `state.desktop` object (and selected view). */
export class FlexStateDeriver {
  #lastDesktop: Desktop | undefined;
  #lastView: string | undefined;
  #last: FlexState | undefined;
  readonly #withFlex = new WeakMap<object, HostStateLike & { flex: FlexState }>();

  constructor(private readonly tasks: TaskTranslator) {}

  /** `{ ...state, flex }`, the same object for the same host state. */
  withFlex(state: HostStateLike): HostStateLike & { flex: FlexState } {
    let merged = this.#withFlex.get(state);
    if (!merged) {
      merged = { ...state, flex: this.flex(state) };
      this.#withFlex.set(state, merged);
    }
    return merged;
  }

  /** `state.flex` of a host state. */
  flex(state: HostStateLike): FlexState {
    const desktop = state.desktop ?? EMPTY_DESKTOP;
    const view = state.ui?.view?.selected ?? 'agent-desktop';
    if (this.#last && desktop === this.#lastDesktop && view === this.#lastView) return this.#last;
    this.#lastDesktop = desktop;
    this.#lastView = view;
    this.#last = this.#derive(desktop, view);
    return this.#last;
  }

  #derive(desktop: Desktop, view: string): FlexState {
    const activitiesList = desktop.activities;
    const activities = new Map(
      activitiesList.map((a) => [a.sid, { sid: a.sid, name: a.name, available: a.available }]),
    );
    const w = desktop.worker;
    const activity = w
      ? (activitiesList.find((a) => a.sid === w.activitySid) ?? {
          sid: w.activitySid,
          name: w.activity,
          available: w.activity === 'Available',
        })
      : undefined;
    const attributes = w?.attributes ?? {};
    const conversationInput: FlexState['chat']['conversationInput'] = {};
    const conversations: FlexState['chat']['conversations'] = {};
    for (const [sid, channel] of Object.entries(desktop.channels)) {
      conversationInput[sid] = { inputText: channel.inputText };
      conversations[sid] = {
        messages: channel.messages.map((m) => ({
          sid: m.sid,
          index: m.index,
          author: m.author,
          body: m.body,
          isFromMe: w !== null && m.author === w.identity,
          dateCreated: new Date(m.createdAt),
        })),
        typers: channel.typing ? [channel.typing.identity] : [],
      };
    }
    return {
      worker: {
        tasks: new Map(Object.values(desktop.tasks).map((t) => [t.sid, this.tasks.toITask(t)])),
        activities,
        activity,
        attributes,
        worker: w
          ? {
              sid: w.sid,
              name: w.identity,
              fullName: w.fullName,
              attributes,
              activityName: activity?.name ?? w.activity,
            }
          : undefined,
      },
      session: {
        isLoggedIn: w !== null,
        loginState: w !== null ? 'LOGGED_IN' : 'INITIAL',
        identity: w?.identity,
        connectionState: desktop.connection,
      },
      chat: { conversationInput, conversations },
      view: { activeView: view, selectedTaskSid: desktop.selectedTaskSid ?? undefined },
    };
  }
}

const EMPTY_DESKTOP: Desktop = {
  connection: 'idle',
  worker: null,
  tasks: {},
  selectedTaskSid: null,
  channels: {},
  activities: [],
};
