/**
 * `switchboard-plugin deploy`: builds the plugin of a folder and uploads the bundle to the
 * registry as a new (immutable) version, with its changelog and its declared permissions; says
 * what the version adds in permissions over the previous one; `--release` puts it live (the
 * live configuration with this version swapped in).
 */
import { ContactCenterError, type RegistryClient, type RegistryVersion } from '@switchboard/contact-center';
import type { Command } from 'commander';
import type { CliOutput } from '../cli';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import compareVersions from 'semver/functions/compare.js';
import validVersion from 'semver/functions/valid.js';
import { buildPlugin } from '../buildPlugin';
import { formatBytes } from '../bundleFacts';
import { BUNDLE_FILE } from '../createWebpackConfig';
import { PluginScriptsError } from '../PluginScriptsError';
import { readPlugin, type PluginProject } from '../readPlugin';
import { formatPermissionChange, formatPermissions, isEmptyPermissions, permissionsAdded } from './permissions';
import { configurationFromLive, formatEntries } from './releaseFacts';
import { addRegistryOptions, badUsage, runRegistryCommand, type RegistryFlags } from './registryCommand';
import { releaseConfiguration } from './release';
import { addTargetOptions, type TargetFlags } from './targetOptions';

const COMMAND = 'switchboard-plugin deploy';

interface DeployFlags extends RegistryFlags, TargetFlags {
  changelog?: string;
  version?: string;
  build: boolean;
  release?: boolean;
}

/** The versions of `name` in the registry, newest first (none when it is not there yet). */
async function versionsOf(client: RegistryClient, name: string): Promise<RegistryVersion[]> {
  try {
    return [...(await client.plugin(name)).versions].sort((a, b) => b.createdAt - a.createdAt);
  } catch (error) {
    if (error instanceof ContactCenterError && error.code === 'CC_NOT_FOUND') return [];
    throw error;
  }
}

/**
 * The version a new one is compared with: the highest version below it (a 1.0.1 hotfix is
 * compared with 1.0.0, not with a 1.1.0 deployed before it); else the newest deployed.
 */
export function previousOf(versions: readonly RegistryVersion[], version: string): RegistryVersion | undefined {
  const below = versions
    .filter((v) => compareVersions(v.version, version) < 0)
    .sort((a, b) => compareVersions(b.version, a.version));
  return below[0] ?? [...versions].sort((a, b) => b.createdAt - a.createdAt)[0];
}

/** package.json `description` (the registry shows it for the plugin). */
function descriptionOf(dir: string): string | undefined {
  try {
    const { description } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      description?: unknown;
    };
    return typeof description === 'string' ? description : undefined;
  } catch {
    return undefined;
  }
}

/** Adds the `deploy` command's arguments, flags and action to `command`. */
export function deployCommand(command: Command, io: CliOutput, done: () => void): Command {
  command
    .description(
      'Build the plugin and upload it to the registry as a new version; --release also puts it live (the live configuration with this version)',
    )
    .argument('[dir]', "the plugin's folder", '.')
    .option('--changelog <text>', 'what changed in this version')
    .option('--version <version>', "the version to deploy as (default: package.json's)")
    .option('--no-build', 'upload dist/plugin.js as it was built (no build)')
    .option('--release', 'release it too: to all agents, or the cohort of --percent / --agents');
  addTargetOptions(command);
  return addRegistryOptions(command).action(async (dir: string, flags: DeployFlags) => {
    if ((flags.percent !== undefined || flags.agents) && !flags.release) {
      throw badUsage(COMMAND, '--percent and --agents choose who gets the release: add --release');
    }
    if (flags.version !== undefined && validVersion(flags.version) === null) {
      throw badUsage(COMMAND, `--version ${JSON.stringify(flags.version)} is not a semver version, like 1.2.0`);
    }
    let plugin!: PluginProject;
    const prepare = () => {
      plugin = readPlugin(dir);
      if (plugin.target !== 'desktop') {
        throw new PluginScriptsError(
          'INVALID_PLUGIN_CONFIG',
          `${COMMAND}: ${plugin.name} is a ${plugin.target} plugin: the registry releases agent-desktop plugins (switchboard.plugin.target "desktop")`,
        );
      }
    };
    await runRegistryCommand(
      COMMAND,
      io,
      flags,
      async (ctx) => {
        const { name } = plugin;
        const version = flags.version ?? plugin.version;
        const versions = await versionsOf(ctx.client, name);
        if (versions.some((v) => v.version === version)) {
          throw new PluginScriptsError(
            'REGISTRY_REFUSED',
            `${COMMAND}: CC_CONFLICT: ${name} ${version} is already in the registry and versions never change: raise the version in package.json (or pass --version)`,
          );
        }
        const previous = previousOf(versions, version);

        let bundle: Buffer;
        if (flags.build) {
          ctx.say(`Building ${name} ${version} …`);
          const started = Date.now();
          const built = await buildPlugin(plugin.dir);
          for (const warning of built.warnings) ctx.warn(warning);
          bundle = readFileSync(built.bundleFile);
          ctx.say(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        } else {
          const file = path.join(plugin.dir, 'dist', BUNDLE_FILE);
          if (!existsSync(file)) {
            throw new PluginScriptsError(
              'BUNDLE_NOT_FOUND',
              `${COMMAND}: ${name} has no dist/${BUNDLE_FILE}: run switchboard-plugin build first, or deploy without --no-build`,
            );
          }
          bundle = readFileSync(file);
        }
        if (!plugin.permissions) {
          ctx.warn(
            `${name} declares no permissions: it will run unrestricted. Declare what it hooks, fills and calls in package.json "switchboard": { "plugin": { "permissions": { "actions": [], "slots": [], "origins": [] } } }`,
          );
        }

        ctx.say(`Uploading ${formatBytes(bundle.length)} …`);
        const description = descriptionOf(plugin.dir);
        const deployed = await ctx.client.deployVersion(name, {
          version,
          bundle: new Uint8Array(bundle),
          hostVersion: plugin.hostVersion,
          permissions: plugin.permissions,
          phase: plugin.phase,
          ...(flags.changelog === undefined ? {} : { changelog: flags.changelog }),
          ...(description === undefined ? {} : { description }),
        });
        const added = previous ? permissionsAdded(previous.permissions, deployed.permissions) : null;
        ctx.say(`Deployed ${name} ${deployed.version}`);
        ctx.say(`  Integrity:   ${deployed.integrity}`);
        ctx.say(`  Size:        ${formatBytes(deployed.size)}`);
        ctx.say(`  Permissions: ${formatPermissions(deployed.permissions)}`);
        if (!previous) ctx.say(`  First version of ${name} in the registry.`);
        else if (added && !isEmptyPermissions(added)) {
          ctx.say(`  Adds over ${previous.version}: ${formatPermissionChange(added, '+')}`);
        } else ctx.say(`  Adds no permissions over ${previous.version}.`);

        if (!flags.release) {
          ctx.say(`Done. Release it with: switchboard-plugin release --plugin ${name}@${deployed.version}`);
          ctx.result({ version: deployed, previousVersion: previous?.version ?? null, permissionsAdded: added });
          return;
        }
        const { configuration } = await configurationFromLive(
          ctx.client,
          [{ plugin: name, version: deployed.version, phase: deployed.phase }],
          `deploy of ${name} ${deployed.version}`,
        );
        ctx.say(`Created configuration ${configuration.sid}: ${formatEntries(configuration.plugins)}`);
        const release = await releaseConfiguration(ctx, COMMAND, configuration, flags);
        ctx.result({
          version: deployed,
          previousVersion: previous?.version ?? null,
          permissionsAdded: added,
          configuration,
          release,
        });
      },
      { before: prepare },
    );
    done();
  });
}
