/**
 * `switchboard-plugin archive <plugin>[@version]`: archives a plugin version (or the whole
 * plugin): it stays where it is released, and cannot go into new configurations.
 */
import type { Command } from 'commander';
import type { CliOutput } from '../cli';
import { PluginScriptsError } from '../PluginScriptsError';
import { parsePluginVersion } from './releaseFacts';
import { addRegistryOptions, runRegistryCommand, type RegistryFlags } from './registryCommand';

const COMMAND = 'switchboard-plugin archive';

/** Adds the `archive` command's argument, flags and action to `command`. */
export function archiveCommand(command: Command, io: CliOutput, done: () => void): Command {
  command
    .description('Archive a plugin version, or the whole plugin: it can no longer go into new configurations')
    .argument('<plugin>', 'the plugin, or plugin@version');
  return addRegistryOptions(command).action(async (target: string, flags: RegistryFlags) => {
    const parsed = parsePluginVersion(target);
    const plugin = parsed?.plugin ?? target;
    const version = parsed?.version;
    const what = version ? `${plugin} ${version}` : `${plugin} (every version)`;
    await runRegistryCommand(COMMAND, io, flags, async (ctx) => {
      if (!(await ctx.confirm(`Archive ${what}?`))) {
        throw new PluginScriptsError('CANCELLED', `${COMMAND}: cancelled; nothing was archived`);
      }
      await ctx.client.archive(plugin, version);
      ctx.say(`Archived ${what}: it can no longer go into new configurations (releases that have it keep it).`);
      ctx.result({ plugin, version: version ?? null, archived: true });
    });
    done();
  });
}
