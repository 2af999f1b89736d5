/**
 * `switchboard-plugin rollback [PR…]`: rolls a release back (default: the newest live one). A
 * cohort release: its agents go back to the release before it. An all-release: the previous
 * configuration is released again, as a new release (history is never rewritten).
 */
import type { Command } from 'commander';
import type { CliOutput } from '../cli';
import { PluginScriptsError } from '../PluginScriptsError';
import { formatTarget, requireLive } from './releaseFacts';
import { addRegistryOptions, runRegistryCommand, type RegistryFlags } from './registryCommand';
import { statusPage } from './release';

const COMMAND = 'switchboard-plugin rollback';

interface RollbackFlags extends RegistryFlags {
  reason?: string;
}

/** Adds the `rollback` command's argument, flags and action to `command`. */
export function rollbackCommand(command: Command, io: CliOutput, done: () => void): Command {
  command
    .description('Roll a release back (default: the newest live release): its agents go back to the release before it')
    .argument('[release]', 'the release (PR…)')
    .option('--reason <text>', 'why (shown by describe and on the status page)');
  return addRegistryOptions(command).action(async (sid: string | undefined, flags: RollbackFlags) => {
    await runRegistryCommand(COMMAND, io, flags, async (ctx) => {
      const release = sid ? await ctx.client.releaseOf(sid) : requireLive(await ctx.client.releases(), COMMAND);
      if (!(await ctx.confirm(`Roll back ${release.sid} (${formatTarget(release.target)})?`))) {
        throw new PluginScriptsError('CANCELLED', `${COMMAND}: cancelled; nothing was rolled back`);
      }
      ctx.say(`Rolling back ${release.sid} (${formatTarget(release.target)}) …`);
      const answer = await ctx.client.rollback(release.sid, flags.reason);
      if (answer.sid === release.sid) {
        ctx.say(
          `Rolled back ${release.sid}: its agents are back on ${release.previousReleaseSid ?? 'no release (no plugins from the registry)'}.`,
        );
      } else {
        ctx.say(
          `Rolled back ${release.sid}: released its previous configuration ${answer.configurationSid} as ${answer.sid} to ${formatTarget(answer.target)}.`,
        );
      }
      ctx.say(`  Status: ${statusPage(ctx.serverUrl, answer.sid)}`);
      ctx.result(answer);
    });
    done();
  });
}
