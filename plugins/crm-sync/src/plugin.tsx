/**
 * Records every completed task in a CRM. It registers a custom action, `SyncToCrm`, that
 * POSTs the interaction to the CRM over HTTP and retries when the CRM is unreachable or
 * busy; an `afterCompleteTask` listener invokes it. Other plugins can invoke, observe or
 * replace `SyncToCrm` like any action. The local stack has a demo CRM at
 * `/demo-crm/interactions`.
 *
 * It also shows the desktop's UI framework: the selected task's customer record in the CRM
 * container (`CRMContainer`, reading the task with `useTask()`), a view of the interactions
 * recorded in this session (`api.views`, listed in the side nav, reached with
 * `NavigateToView`), and a notification when an interaction is recorded or could not be.
 */
import { useTask } from '@switchboard/host';
import { definePlugin, type PluginApi, type PluginDefinition, type ResolvedTaskPayload } from '@switchboard/plugin';
import { useSelector } from 'react-redux';

/** What SyncToCrm sends. */
export interface Interaction {
  taskSid: string;
  customerName: string;
  channel: string;
  agent: string | undefined;
  attributes: Record<string, unknown>;
  completedAt: number;
}

/** What SyncToCrm resolves with. */
export interface SyncResult {
  /** The CRM's id of the interaction. */
  id: string;
  /** How many requests it took. */
  attempts: number;
}

export interface CrmSyncOptions {
  /** Where interactions are POSTed (default `/demo-crm/interactions`, on the page's origin). */
  url?: string;
  /** Waits before the retries: one retry per entry (default 250 ms, 1 s, 3 s). */
  retryDelaysMs?: number[];
}

/** The view of the interactions recorded in this session (`#/crm-history`). */
export const HISTORY_VIEW = 'crm-history';
/** The notifications, by id; their context is `{ interaction, result }` or `{ interaction, error }`. */
export const SYNCED_NOTIFICATION = 'crm-sync.Synced';
export const FAILED_NOTIFICATION = 'crm-sync.Failed';

/** The plugin's slice of the store: the interactions recorded in this session, newest first. */
interface CrmState {
  recorded: Array<{ id: string; taskSid: string; customerName: string; completedAt: number }>;
}
const NAMESPACE = 'crmSync';
const RECORDED = `${NAMESPACE}/recorded`;
type WithCrm = { [NAMESPACE]?: CrmState };

function reducer(state: CrmState = { recorded: [] }, action: { type: string; payload?: unknown }): CrmState {
  if (action.type === RECORDED)
    return { recorded: [action.payload as CrmState['recorded'][number], ...state.recorded] };
  return state;
}

/** The CRM container's content: the selected task's customer, as the CRM would show it. */
function CustomerRecord({ openHistory }: { openHistory(): void }) {
  const task = useTask();
  if (!task) return <p className="crm-sync-empty">Select a task to see the customer's record.</p>;
  const question = typeof task.attributes.question === 'string' ? task.attributes.question : undefined;
  return (
    <div className="crm-sync-record">
      <h2>Customer record</h2>
      <dl>
        <dt>Customer</dt>
        <dd>{task.customerName}</dd>
        <dt>Channel</dt>
        <dd>{task.channel}</dd>
        {question && (
          <>
            <dt>Question</dt>
            <dd>{question}</dd>
          </>
        )}
        <dt>Task</dt>
        <dd>{task.taskSid}</dd>
      </dl>
      <button type="button" onClick={openHistory}>
        Interaction history
      </button>
    </div>
  );
}

/** The `crm-history` view: what was recorded in the CRM in this session. */
function HistoryView() {
  const recorded = useSelector((s: WithCrm) => s[NAMESPACE]?.recorded ?? []);
  return (
    <section className="crm-sync-history">
      <h2>CRM interactions</h2>
      {recorded.length === 0 ? (
        <p>No interaction recorded yet: completed tasks appear here.</p>
      ) : (
        <ul>
          {recorded.map((r) => (
            <li key={r.id}>{`${r.customerName} (${r.taskSid}): CRM interaction ${r.id}`}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A failure worth retrying: the CRM is unreachable, busy or broken for a moment. */
class TransientError extends Error {}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

async function post(url: string, body: Interaction, signal: AbortSignal): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new TransientError(`the CRM at ${url} did not answer (${(error as Error).message})`);
  }
  if (res.status >= 500 || res.status === 429) throw new TransientError(`the CRM answered HTTP ${res.status}`);
  if (!res.ok) throw new Error(`the CRM refused the interaction: HTTP ${res.status} ${await res.text()}`.trim());
  return ((await res.json()) as { id: string }).id;
}

/** The plugin, with its options (the default export uses the defaults). */
export function crmSync(options: CrmSyncOptions = {}): PluginDefinition {
  const delays = options.retryDelaysMs ?? [250, 1_000, 3_000];
  return definePlugin({
    name: 'crm-sync',
    init(api: PluginApi) {
      const url = new URL(options.url ?? '/demo-crm/interactions', globalThis.location?.href ?? 'http://127.0.0.1/')
        .href;

      api.store.addReducer(NAMESPACE, reducer);
      api.notifications.register({
        id: SYNCED_NOTIFICATION,
        type: 'success',
        content: "{{interaction.customerName}}'s chat is recorded in the CRM ({{result.id}}).",
      });
      api.notifications.register({
        id: FAILED_NOTIFICATION,
        type: 'error',
        content: "{{interaction.customerName}}'s chat could not be recorded in the CRM: {{error}}",
      });
      api.views.register({ name: HISTORY_VIEW, label: 'CRM history', component: HistoryView, icon: '🗂' });
      const openHistory = () => void api.actions.invokeAction('NavigateToView', { viewName: HISTORY_VIEW });
      api.contributions.add('CRMContainer', () => <CustomerRecord openHistory={openHistory} />, {
        key: 'crm-sync-record',
      });

      api.actions.registerAction('SyncToCrm', async (payload) => {
        const interaction = payload as Interaction;
        for (let attempt = 1; ; attempt++) {
          try {
            return { id: await post(url, interaction, api.signal), attempts: attempt } satisfies SyncResult;
          } catch (error) {
            const delay = delays[attempt - 1];
            if (!(error instanceof TransientError) || delay === undefined) throw error;
            api.log.warn(`SyncToCrm: ${error.message}; retrying in ${delay} ms (attempt ${attempt + 1})`);
            await sleep(delay, api.signal);
          }
        }
      });

      api.actions.addListener('afterCompleteTask', (payload) => {
        const { task } = payload as ResolvedTaskPayload;
        const state = api.store.getState() as { desktop?: { worker?: { identity: string } | null } };
        const interaction: Interaction = {
          taskSid: task.taskSid,
          customerName: task.customerName,
          channel: task.channel,
          agent: state.desktop?.worker?.identity,
          attributes: task.attributes,
          completedAt: Date.now(),
        };
        // Not awaited: completing the task does not wait for the CRM.
        api.actions.invokeAction('SyncToCrm', interaction).then(
          (value) => {
            const result = value as SyncResult;
            api.log.info(`task ${task.taskSid} is CRM interaction ${result.id}`);
            api.store.dispatch({
              type: RECORDED,
              payload: {
                id: result.id,
                taskSid: task.taskSid,
                customerName: task.customerName,
                completedAt: interaction.completedAt,
              },
            });
            api.notifications.show(SYNCED_NOTIFICATION, { interaction, result });
          },
          (error: unknown) => {
            api.log.error(`task ${task.taskSid} could not be recorded in the CRM`, error);
            // Unloaded meanwhile: its notifications are gone, and nobody is to be told.
            if (!api.signal.aborted)
              api.notifications.show(FAILED_NOTIFICATION, {
                interaction,
                error: (error as Error).message ?? String(error),
              });
          },
        );
      });
    },
  });
}

export default crmSync();
