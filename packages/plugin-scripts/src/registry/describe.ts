/**
 * `switchboard-plugin describe <plugin | plugin@version | PC… | PR…>`: one thing in detail. A
 * release: its status, target, thresholds, configuration, the health of each plugin, and why
 * it was rolled back (an automatic rollback names the plugin, the rule and the figures).
 */
import type {
  RegistryConfiguration,
  RegistryPlugin,
  RegistryReleaseWithHealth,
  RegistryVersion,
} from '@switchboard/contact-center';
import type { Command } from 'commander';
import type { CliOutput } from '../cli';
import { formatBytes } from '../bundleFacts';
import { PluginScriptsError } from '../PluginScriptsError';
import { formatTable } from './formatTable';
import { versionsTable } from './list';
import { formatPermissions } from './permissions';
import { formatRate, formatTarget, formatThresholds, formatTime, parsePluginVersion } from './releaseFacts';
import { addRegistryOptions, runRegistryCommand, type RegistryFlags } from './registryCommand';
import { statusPage } from './release';

const COMMAND = 'switchboard-plugin describe';
const RELEASE_SID = /^PR[0-9a-f]{32}$/i;
const CONFIGURATION_SID = /^PC[0-9a-f]{32}$/i;

/** `label:` padded so the values line up. */
const field = (label: string, value: string) => `${`${label}:`.padEnd(15)}${value}`;

/** A release in detail. */
export function describeRelease(
  release: RegistryReleaseWithHealth,
  configuration: RegistryConfiguration | undefined,
  serverUrl: string,
): string[] {
  const lines = [
    `Release ${release.sid}`,
    field('Status', release.status),
    field(
      'Target',
      `${formatTarget(release.target)}${release.target.kind !== 'all' && release.previousReleaseSid ? ` (the others keep ${release.previousReleaseSid})` : ''}`,
    ),
    field('Configuration', `${release.configurationSid}${configuration?.name ? ` (${configuration.name})` : ''}`),
    field('Previous', release.previousReleaseSid ?? 'none'),
    field('Rolls back at', formatThresholds(release.thresholds)),
    field('Created', `${formatTime(release.createdAt)} by ${release.createdBy}`),
  ];
  if (release.rollback) {
    const r = release.rollback;
    lines.push(
      field('Rolled back', `${r.automatic ? 'automatically' : `by ${r.by}`} at ${formatTime(r.at)}: ${r.reason}`),
    );
  }
  const health = new Map(release.health.map((h) => [h.plugin, h]));
  const entries =
    configuration?.plugins ??
    release.health.map((h) => ({ plugin: h.plugin, version: h.version, phase: 0, enabled: true }));
  lines.push('', 'Plugins:');
  if (!entries.length) lines.push('  none');
  else {
    const table = formatTable(
      [
        'PLUGIN',
        'VERSION',
        'PHASE',
        'ENABLED',
        'DESKTOPS',
        'FAILING',
        'ERRORS',
        'INVOCATIONS',
        'ERROR RATE',
        'LAST FAILURE',
      ],
      entries.map((e) => {
        const h = health.get(e.plugin);
        return [
          e.plugin,
          e.version,
          String(e.phase),
          e.enabled ? 'yes' : 'no',
          String(h?.desktops ?? 0),
          String(h?.failingDesktops ?? 0),
          String(h?.errors ?? 0),
          String(h?.invocations ?? 0),
          h ? formatRate(h.errorRate) : '-',
          h?.lastFailure ? `${h.lastFailure.code}: ${h.lastFailure.message}` : '',
        ];
      }),
      { right: ['PHASE', 'DESKTOPS', 'FAILING', 'ERRORS', 'INVOCATIONS', 'ERROR RATE'] },
    );
    lines.push(...table.map((l) => `  ${l}`));
  }
  lines.push('', field('Status page', statusPage(serverUrl, release.sid)));
  return lines;
}

/** A configuration in detail, with each version's permissions when the plugin is known. */
export function describeConfiguration(
  configuration: RegistryConfiguration,
  plugins: ReadonlyMap<string, RegistryPlugin>,
): string[] {
  const versionOf = (plugin: string, version: string) =>
    plugins.get(plugin)?.versions.find((v) => v.version === version);
  return [
    `Configuration ${configuration.sid}`,
    field('Name', configuration.name || '-'),
    field('Description', configuration.description || '-'),
    field('Created', `${formatTime(configuration.createdAt)} by ${configuration.createdBy}`),
    '',
    'Plugins:',
    ...(configuration.plugins.length
      ? formatTable(
          ['PLUGIN', 'VERSION', 'PHASE', 'ENABLED', 'PERMISSIONS'],
          configuration.plugins.map((e) => {
            const v = versionOf(e.plugin, e.version);
            return [
              e.plugin,
              e.version,
              String(e.phase),
              e.enabled ? 'yes' : 'no',
              v ? formatPermissions(v.permissions) : '?',
            ];
          }),
          { right: ['PHASE'] },
        ).map((l) => `  ${l}`)
      : ['  none']),
  ];
}

/** A plugin and its versions. */
export function describePlugin(plugin: RegistryPlugin): string[] {
  return [
    `Plugin ${plugin.name}${plugin.archived ? ' (archived)' : ''}`,
    field('Description', plugin.description || '-'),
    field('Created', formatTime(plugin.createdAt)),
    '',
    'Versions:',
    ...(plugin.versions.length ? versionsTable(plugin).map((l) => `  ${l}`) : ['  none']),
  ];
}

/** One version in detail. */
export function describeVersion(v: RegistryVersion): string[] {
  return [
    `Plugin ${v.plugin} ${v.version}${v.archived ? ' (archived)' : ''}`,
    field('Integrity', v.integrity),
    field('Bundle', `${v.bundleHash} (${formatBytes(v.size)})`),
    field('Host', v.hostVersion),
    field('Phase', String(v.phase)),
    field('Permissions', formatPermissions(v.permissions)),
    field('Created', `${formatTime(v.createdAt)} by ${v.createdBy}`),
    field('Changelog', v.changelog || '-'),
  ];
}

/** Adds the `describe` command's argument, flags and action to `command`. */
export function describeCommand(command: Command, io: CliOutput, done: () => void): Command {
  command
    .description(
      'Describe a plugin (or plugin@version), a configuration (PC…) or a release (PR…): a release with its health and rollback reason',
    )
    .argument('<what>', 'a plugin name, plugin@version, PC… or PR…');
  return addRegistryOptions(command).action(async (what: string, flags: RegistryFlags) => {
    await runRegistryCommand(COMMAND, io, flags, async (ctx) => {
      const print = (lines: string[], document: unknown) => {
        if (ctx.json) ctx.result(document);
        else for (const line of lines) ctx.say(line);
      };
      if (RELEASE_SID.test(what)) {
        const release = await ctx.client.releaseOf(what);
        const configuration = await ctx.client.configuration(release.configurationSid);
        print(describeRelease(release, configuration, ctx.serverUrl), { ...release, configuration });
      } else if (CONFIGURATION_SID.test(what)) {
        const configuration = await ctx.client.configuration(what);
        const plugins = await ctx.client.plugins();
        print(describeConfiguration(configuration, new Map(plugins.map((p) => [p.name, p]))), configuration);
      } else {
        const parsed = parsePluginVersion(what);
        const plugin = await ctx.client.plugin(parsed?.plugin ?? what);
        if (!parsed) return print(describePlugin(plugin), plugin);
        const version = plugin.versions.find((v) => v.version === parsed.version);
        if (!version) {
          throw new PluginScriptsError(
            'REGISTRY_REFUSED',
            `${COMMAND}: CC_NOT_FOUND: ${plugin.name} has no version ${parsed.version} (it has ${plugin.versions.map((v) => v.version).join(', ') || 'none'})`,
          );
        }
        print(describeVersion(version), version);
      }
    });
    done();
  });
}
