/**
 * `switchboard-plugin list [plugins | versions <name> | configurations | releases]`: the
 * registry as aligned tables (releases by default, the live ones first); `--json` prints the
 * server's documents.
 */
import type { RegistryConfiguration, RegistryPlugin, RegistryRelease } from '@switchboard/contact-center';
import { Argument, type Command } from 'commander';
import type { CliOutput } from '../cli';
import { formatBytes } from '../bundleFacts';
import { formatTable } from './formatTable';
import { formatPermissions } from './permissions';
import { formatEntries, formatTarget, formatTime, liveFirst } from './releaseFacts';
import { addRegistryOptions, badUsage, runRegistryCommand, type RegistryFlags } from './registryCommand';

const COMMAND = 'switchboard-plugin list';
const WHAT = ['releases', 'plugins', 'versions', 'configurations'] as const;
type What = (typeof WHAT)[number];

/** What a release's note says: why it was rolled back, or what it keeps for the others. */
function releaseNote(r: RegistryRelease): string {
  if (r.rollback)
    return `${r.rollback.automatic ? 'rolled back automatically' : `rolled back by ${r.rollback.by}`}: ${r.rollback.reason}`;
  if (r.status === 'live' && r.target.kind !== 'all' && r.previousReleaseSid)
    return `others keep ${r.previousReleaseSid}`;
  return '';
}

/** The releases table: live first, then newest first. */
export function releasesTable(
  releases: readonly RegistryRelease[],
  configurations: readonly RegistryConfiguration[],
): string[] {
  const bySid = new Map(configurations.map((c) => [c.sid, c]));
  return formatTable(
    ['RELEASE', 'STATUS', 'TARGET', 'CONFIGURATION', 'PLUGINS', 'CREATED', 'BY', 'NOTE'],
    liveFirst(releases).map((r) => {
      const configuration = bySid.get(r.configurationSid);
      return [
        r.sid,
        r.status,
        formatTarget(r.target),
        r.configurationSid,
        configuration ? formatEntries(configuration.plugins) : '?',
        formatTime(r.createdAt),
        r.createdBy,
        releaseNote(r),
      ];
    }),
  );
}

/** The plugins table. */
export function pluginsTable(plugins: readonly RegistryPlugin[]): string[] {
  return formatTable(
    ['PLUGIN', 'LATEST', 'VERSIONS', 'PERMISSIONS', 'ARCHIVED', 'DESCRIPTION'],
    [...plugins]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => {
        const latest = [...p.versions].sort((a, b) => b.createdAt - a.createdAt)[0];
        return [
          p.name,
          latest?.version ?? '-',
          String(p.versions.length),
          latest ? formatPermissions(latest.permissions) : '-',
          p.archived ? 'yes' : '',
          p.description,
        ];
      }),
    { right: ['VERSIONS'] },
  );
}

/** One plugin's versions, newest first. */
export function versionsTable(plugin: RegistryPlugin): string[] {
  return formatTable(
    ['VERSION', 'SIZE', 'PERMISSIONS', 'CREATED', 'BY', 'ARCHIVED', 'CHANGELOG'],
    [...plugin.versions]
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((v) => [
        v.version,
        formatBytes(v.size),
        formatPermissions(v.permissions),
        formatTime(v.createdAt),
        v.createdBy,
        v.archived ? 'yes' : '',
        v.changelog.split('\n')[0] ?? '',
      ]),
    { right: ['SIZE'] },
  );
}

/** The configurations table, newest first. */
export function configurationsTable(configurations: readonly RegistryConfiguration[]): string[] {
  return formatTable(
    ['CONFIGURATION', 'NAME', 'PLUGINS', 'CREATED', 'BY'],
    [...configurations]
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((c) => [c.sid, c.name, formatEntries(c.plugins), formatTime(c.createdAt), c.createdBy]),
  );
}

/** Adds the `list` command's arguments, flags and action to `command`. */
export function listCommand(command: Command, io: CliOutput, done: () => void): Command {
  command
    .description('List releases (live first), plugins, the versions of a plugin, or configurations')
    .addArgument(new Argument('[what]', 'what to list').choices(WHAT).default('releases'))
    .argument('[plugin]', 'the plugin, for versions');
  return addRegistryOptions(command).action(async (what: What, name: string | undefined, flags: RegistryFlags) => {
    if (what === 'versions' && !name) throw badUsage(COMMAND, 'list versions needs the plugin: list versions <plugin>');
    if (what !== 'versions' && name) throw badUsage(COMMAND, `list ${what} takes no plugin name`);
    await runRegistryCommand(COMMAND, io, flags, async (ctx) => {
      const show = (lines: string[], empty: string, document: unknown) => {
        if (ctx.json) ctx.result(document);
        else for (const line of lines.length > 1 ? lines : [empty]) ctx.say(line);
      };
      if (what === 'plugins') {
        const plugins = await ctx.client.plugins();
        show(pluginsTable(plugins), 'No plugins in the registry yet (switchboard-plugin deploy adds one).', plugins);
      } else if (what === 'versions') {
        const plugin = await ctx.client.plugin(name!);
        show(versionsTable(plugin), `${plugin.name} has no versions.`, plugin.versions);
      } else if (what === 'configurations') {
        const configurations = await ctx.client.configurations();
        show(configurationsTable(configurations), 'No configurations yet.', configurations);
      } else {
        const [releases, configurations] = await Promise.all([ctx.client.releases(), ctx.client.configurations()]);
        show(
          releasesTable(releases, configurations),
          'No releases yet (switchboard-plugin release makes one).',
          liveFirst(releases),
        );
      }
    });
    done();
  });
}
