/**
 * `switchboard-plugin diff [PC… PC…]`: what changes between two configurations (default: the
 * live release's and the one before it): per plugin, the versions, and the permissions added
 * and removed.
 */
import type { ConfigurationDiff, PluginDiff } from '@switchboard/contact-center';
import type { Command } from 'commander';
import type { CliOutput } from '../cli';
import { PluginScriptsError } from '../PluginScriptsError';
import { formatTable } from './formatTable';
import { formatPermissionChange } from './permissions';
import { requireLive } from './releaseFacts';
import { addRegistryOptions, badUsage, runRegistryCommand, type RegistryFlags } from './registryCommand';

const COMMAND = 'switchboard-plugin diff';

/** What a plugin's permissions do between the two sides, in one cell. */
function permissionCell(d: PluginDiff): string {
  // Undeclared is unrestricted: worth saying whenever a side becomes so.
  if (d.to && d.to.permissions === null && d.from?.permissions !== null) return 'undeclared: runs unrestricted';
  return [formatPermissionChange(d.permissionsAdded, '+'), formatPermissionChange(d.permissionsRemoved, '-')]
    .filter(Boolean)
    .join('; ');
}

const side = (s: PluginDiff['from']) => (s ? `${s.version}${s.enabled ? '' : ' (disabled)'}` : '-');

/** The diff as lines: a heading, then one aligned row per plugin (unchanged ones last). */
export function formatDiff(diff: ConfigurationDiff): string[] {
  const order = (d: PluginDiff) => (d.change === 'unchanged' ? 1 : 0);
  const rows = [...diff.plugins]
    .sort((a, b) => order(a) - order(b) || a.plugin.localeCompare(b.plugin))
    .map((d) => [d.plugin, d.change, side(d.from), side(d.to), permissionCell(d)]);
  return [
    `${diff.from} → ${diff.to}`,
    ...(rows.length
      ? formatTable(['PLUGIN', 'CHANGE', 'FROM', 'TO', 'PERMISSIONS'], rows)
      : ['No plugins on either side.']),
  ];
}

/** Adds the `diff` command's arguments, flags and action to `command`. */
export function diffCommand(command: Command, io: CliOutput, done: () => void): Command {
  command
    .description(
      'Compare two configurations (default: the live one and the one before it): versions, permissions added and removed',
    )
    .argument('[from]', 'the configuration compared from (PC…)')
    .argument('[to]', 'the configuration compared to (PC…)');
  return addRegistryOptions(command).action(
    async (from: string | undefined, to: string | undefined, flags: RegistryFlags) => {
      if (from && !to) throw badUsage(COMMAND, 'give two configurations (diff <PC…> <PC…>), or none for the live one');
      await runRegistryCommand(COMMAND, io, flags, async (ctx) => {
        let fromSid = from;
        let toSid = to;
        if (!fromSid || !toSid) {
          const releases = await ctx.client.releases();
          const live = requireLive(releases, COMMAND);
          const previous = live.previousReleaseSid
            ? (releases.find((r) => r.sid === live.previousReleaseSid) ??
              (await ctx.client.releaseOf(live.previousReleaseSid)))
            : undefined;
          if (!previous) {
            throw new PluginScriptsError(
              'NO_LIVE_RELEASE',
              `${COMMAND}: ${live.sid} is the first release: nothing to compare it with (diff <PC…> <PC…> compares two configurations)`,
            );
          }
          fromSid = previous.configurationSid;
          toSid = live.configurationSid;
          ctx.say(`Live ${live.sid} against ${previous.sid} before it:`);
        }
        const diff = await ctx.client.diff(fromSid, toSid);
        if (ctx.json) ctx.result(diff);
        else for (const line of formatDiff(diff)) ctx.say(line);
      });
      done();
    },
  );
}
