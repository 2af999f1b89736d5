/**
 * Records every completed task in a CRM. It registers a custom action, `SyncToCrm`, that
 * POSTs the interaction to the CRM over HTTP and retries when the CRM is unreachable or
 * busy; an `afterCompleteTask` listener invokes it. Other plugins can invoke, observe or
 * replace `SyncToCrm` like any action. The local stack has a demo CRM at
 * `/demo-crm/interactions`.
 */
import { definePlugin, type PluginApi, type PluginDefinition, type ResolvedTaskPayload } from '@switchboard/plugin';

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
          (result) => api.log.info(`task ${task.taskSid} is CRM interaction ${(result as SyncResult).id}`),
          (error: unknown) => api.log.error(`task ${task.taskSid} could not be recorded in the CRM`, error),
        );
      });
    },
  });
}

export default crmSync();
