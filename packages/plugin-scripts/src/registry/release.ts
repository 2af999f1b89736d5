/**
 * `switchboard-plugin release`: makes a configuration live, for all agents or a cohort. The
 * configuration is the one given (`--configuration PC…`), or a new one: what is live for all
 * agents with the `--plugin name@version` versions swapped in (or added).
 */
import type { RegistryConfiguration, RegistryRelease } from '@switchboard/contact-center';
import type { Command } from 'commander';
import type { CliOutput } from '../cli';
import {
  configurationFromLive,
  formatEntries,
  formatTarget,
  parsePluginVersion,
  targetOf,
  thresholdsOf,
  type VersionChange,
} from './releaseFacts';
import {
  addRegistryOptions,
  badUsage,
  runRegistryCommand,
  type RegistryContext,
  type RegistryFlags,
} from './registryCommand';
import { addTargetOptions, type TargetFlags } from './targetOptions';
import { PluginScriptsError } from '../PluginScriptsError';

const COMMAND = 'switchboard-plugin release';

interface ReleaseFlags extends RegistryFlags, TargetFlags {
  configuration?: string;
  plugin: string[];
}

const collectVersions = (value: string, previous: string[]) => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

/** The status page of a release on the server. */
export const statusPage = (serverUrl: string, sid: string): string => `${serverUrl}/registry/releases/${sid}`;

/**
 * Asks before a release reaches every agent, then releases `configuration` to the flags'
 * target and prints what went live.
 */
export async function releaseConfiguration(
  ctx: RegistryContext,
  command: string,
  configuration: RegistryConfiguration,
  flags: TargetFlags,
): Promise<RegistryRelease> {
  const target = targetOf(flags);
  if (target.kind === 'all' && !(await ctx.confirm(`Release ${formatEntries(configuration.plugins)} to all agents?`))) {
    throw new PluginScriptsError('CANCELLED', `${command}: cancelled; nothing was released`);
  }
  ctx.say(`Releasing ${configuration.sid} to ${formatTarget(target)} …`);
  const release = await ctx.client.release({
    configurationSid: configuration.sid,
    target,
    thresholds: thresholdsOf(flags),
  });
  ctx.say(`Released ${release.sid}: ${formatEntries(configuration.plugins)} to ${formatTarget(release.target)}`);
  if (release.target.kind !== 'all' && release.previousReleaseSid) {
    ctx.say(`  The other agents keep ${release.previousReleaseSid}.`);
  }
  const t = release.thresholds;
  ctx.say(
    `  Rolls itself back when a plugin fails on more than ${t.maxFailingDesktops} desktops or its error rate passes ${Math.round(t.maxErrorRate * 1000) / 10}% (after ${t.minInvocations} invocations).`,
  );
  ctx.say(`  Status: ${statusPage(ctx.serverUrl, release.sid)}  (switchboard-plugin describe ${release.sid})`);
  return release;
}

/** Adds the `release` command's flags and action to `command`. */
export function releaseCommand(command: Command, io: CliOutput, done: () => void): Command {
  command
    .description(
      'Release a configuration: --configuration PC…, or the live one with --plugin name@version swapped in; to all agents, or a cohort (--percent, --agents)',
    )
    .option('--configuration <sid>', 'the configuration to release (PC…)')
    .option(
      '--plugin <name@version>',
      'a plugin version to put into the live configuration (repeatable, or comma-separated)',
      collectVersions,
      [],
    );
  addTargetOptions(command);
  return addRegistryOptions(command).action(async (flags: ReleaseFlags) => {
    if (!flags.configuration === !flags.plugin.length) {
      throw badUsage(COMMAND, 'give either --configuration <PC…> or --plugin <name@version>');
    }
    const changes: VersionChange[] = [];
    for (const value of flags.plugin) {
      const change = parsePluginVersion(value);
      if (!change)
        throw badUsage(COMMAND, `--plugin ${JSON.stringify(value)} is not name@version, like crm-sync@1.2.0`);
      changes.push(change);
    }
    await runRegistryCommand(COMMAND, io, flags, async (ctx) => {
      const configuration = flags.configuration
        ? await ctx.client.configuration(flags.configuration)
        : (await configurationFromLive(ctx.client, changes, `release of ${flags.plugin.join(', ')}`)).configuration;
      if (!flags.configuration)
        ctx.say(`Created configuration ${configuration.sid}: ${formatEntries(configuration.plugins)}`);
      const release = await releaseConfiguration(ctx, COMMAND, configuration, flags);
      ctx.result({ configuration, release });
    });
    done();
  });
}
