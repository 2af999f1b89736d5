/**
 * Before AcceptTask, asks the agent to confirm in a dialog of the desktop (the
 * `AgentDesktop.Overlay` slot, not `window.confirm`). "No" aborts the action: the reservation
 * stays, and the agent can still accept it later or reject it. Once a chat is accepted, it
 * says so in a notification of the desktop (`api.notifications`), and it rewords the empty
 * task list (`api.strings.override`). All of it goes when the plugin unloads.
 */
import { definePlugin, type DesktopTask, type PluginApi, type ResolvedTaskPayload } from '@switchboard/plugin';
import { useEffect, useRef } from 'react';
import { useSelector } from 'react-redux';

/** The plugin's slice of the store: the question on screen, if any. */
interface ConfirmState {
  asking: { sid: string; customerName: string } | null;
}

const NAMESPACE = 'acceptTaskConfirm';

/** The notification shown once a chat is accepted (its context: `{ task }`). */
export const ACCEPTED_NOTIFICATION = 'accept-task-confirm.ChatAccepted';

/** The desktop's strings this plugin rewords. */
export const STRINGS = {
  NoTasks: 'No chats waiting. Set your activity to Available to receive chats; you confirm each one before it opens.',
} as const;
const ASK = `${NAMESPACE}/ask`;
const ANSWERED = `${NAMESPACE}/answered`;

function reducer(state: ConfirmState = { asking: null }, action: { type: string; payload?: unknown }): ConfirmState {
  if (action.type === ASK) return { asking: action.payload as ConfirmState['asking'] };
  if (action.type === ANSWERED) return { asking: null };
  return state;
}

/** The answer the before listener waits for, one question at a time. */
interface Question {
  task: DesktopTask;
  answer(yes: boolean): void;
}

function ConfirmDialog({ onAnswer }: { onAnswer: (yes: boolean) => void }) {
  const asking = useSelector((s: { [NAMESPACE]?: ConfirmState }) => s[NAMESPACE]?.asking ?? null);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);
  if (!asking) return null;
  return (
    <div className="atc-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="atc-title"
        aria-describedby="atc-text"
        className="atc-dialog"
        onKeyDown={(e) => e.key === 'Escape' && onAnswer(false)}
      >
        <h2 id="atc-title">Accept this chat?</h2>
        <p id="atc-text">{`${asking.customerName} is waiting. Accept the chat now?`}</p>
        <div className="atc-buttons">
          <button ref={yes} type="button" onClick={() => onAnswer(true)}>
            Yes, accept
          </button>
          <button type="button" onClick={() => onAnswer(false)}>
            No
          </button>
        </div>
      </div>
    </div>
  );
}

/** The dialog's look, scoped to it. */
const STYLE = `.atc-backdrop{position:fixed;inset:0;background:rgba(20,38,61,.45);display:grid;place-items:center;z-index:1000}
.atc-dialog{background:#fff;color:#1d232b;border-radius:10px;padding:1.25rem 1.5rem;max-width:24rem;box-shadow:0 8px 30px rgba(0,0,0,.25)}
.atc-dialog h2{margin:0 0 .5rem;font-size:1.1rem}.atc-buttons{display:flex;gap:.5rem;justify-content:flex-end}`;

export default definePlugin({
  name: 'accept-task-confirm',
  init(api: PluginApi) {
    const queue: Question[] = [];
    const show = () => {
      const next = queue[0];
      api.store.dispatch(
        next
          ? { type: ASK, payload: { sid: next.task.sid, customerName: next.task.customerName } }
          : { type: ANSWERED },
      );
    };
    const answer = (yes: boolean) => {
      const current = queue.shift();
      current?.answer(yes);
      show();
    };
    api.store.addReducer(NAMESPACE, reducer);
    api.strings.override(STRINGS);
    api.notifications.register({
      id: ACCEPTED_NOTIFICATION,
      type: 'success',
      content: 'You are now chatting with {{task.customerName}}.',
      timeout: 10_000,
    });
    api.contributions.add('AgentDesktop.Overlay', () => <ConfirmDialog onAnswer={answer} />, { key: 'confirm-dialog' });

    api.actions.addListener('beforeAcceptTask', async (payload, abort) => {
      const { task } = payload as { task: DesktopTask };
      const yes = await new Promise<boolean>((resolve) => {
        queue.push({ task, answer: resolve });
        if (queue.length === 1) show();
      });
      if (!yes) {
        api.log.info(`the agent did not accept ${task.sid}`);
        abort();
      }
    });

    // Accepted (after the confirmation and the contact center): tell the agent.
    api.actions.addListener('afterAcceptTask', (payload) => {
      const { task } = payload as ResolvedTaskPayload;
      api.notifications.show(ACCEPTED_NOTIFICATION, { task: { sid: task.sid, customerName: task.customerName } });
    });

    // Unloaded while asking: nobody will answer, so the accepts wait no longer.
    api.signal.addEventListener('abort', () => {
      for (const q of queue.splice(0)) q.answer(false);
    });

    if (typeof document !== 'undefined') {
      const style = document.head.appendChild(document.createElement('style'));
      style.textContent = STYLE;
      api.onDispose(() => style.remove());
    }
  },
});
