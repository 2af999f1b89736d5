import { definePlugin, type ResolvedTaskPayload, type SlotProps } from '@switchboard/plugin';

/** The customer's name and the channel, in the header of the task on screen. */
export function CustomerBadge({ task }: SlotProps<'TaskCanvas.Header'>) {
  return <span>{`${task.customerName} · ${task.channel}`}</span>;
}

/**
 * {{title}}. Everything `init` registers through `api` belongs to the plugin: the host undoes
 * it when the plugin unloads or is reloaded.
 */
export default definePlugin({
  name: '{{name}}',
  init(api) {
    // An action listener: runs before every AcceptTask, with the task resolved from the store.
    // Its second argument, abort(), would cancel the accept.
    api.actions.addListener('beforeAcceptTask', (payload) => {
      const { task } = payload as ResolvedTaskPayload;
      api.log.info(`accepting the task of ${task.customerName}`);
    });
    // A contribution: a component in a slot of the agent desktop's UI.
    api.contributions.add('TaskCanvas.Header', CustomerBadge, { key: 'customer-badge' });
  },
});
