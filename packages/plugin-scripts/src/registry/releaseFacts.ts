/**
 * What several registry commands say about releases and configurations: which release is
 * live, a configuration with some plugin versions swapped in, and the one-line forms of a
 * target, thresholds, a time and a configuration's plugins.
 */
import type {
  ConfigurationEntry,
  RegistryClient,
  RegistryRelease,
  RolloutTarget,
  RolloutThresholds,
} from '@switchboard/contact-center';
import { PluginScriptsError } from '../PluginScriptsError';

/** The newest live release (a cohort release on top of the all-release is newer), or undefined. */
export const latestLive = <R extends RegistryRelease>(releases: readonly R[]): R | undefined =>
  newestFirst(releases).find((r) => r.status === 'live');

/** The live release for all agents, or undefined. */
export const liveForAll = <R extends RegistryRelease>(releases: readonly R[]): R | undefined =>
  newestFirst(releases).find((r) => r.status === 'live' && r.target.kind === 'all');

/** Newest first (the server's order; sorted again so nothing depends on it). */
export const newestFirst = <R extends RegistryRelease>(releases: readonly R[]): R[] =>
  [...releases].sort((a, b) => b.createdAt - a.createdAt);

/** Live first, then newest first. */
export const liveFirst = <R extends RegistryRelease>(releases: readonly R[]): R[] => {
  const sorted = newestFirst(releases);
  return [...sorted.filter((r) => r.status === 'live'), ...sorted.filter((r) => r.status !== 'live')];
};

/** A plugin version to put into a configuration. */
export interface VersionChange {
  plugin: string;
  version: string;
  phase?: number;
}

/**
 * `base` with each change applied: a plugin already in it gets the new version (keeping its
 * place and `enabled`), a new one is added at the end.
 *
 * @example
 * withVersions([{ plugin: 'a', version: '1.0.0', phase: 0, enabled: true }], [{ plugin: 'a', version: '1.1.0' }]);
 * // [{ plugin: 'a', version: '1.1.0', phase: 0, enabled: true }]
 */
export function withVersions(
  base: readonly ConfigurationEntry[],
  changes: readonly VersionChange[],
): Array<{ plugin: string; version: string; phase?: number; enabled?: boolean }> {
  const entries: Array<{ plugin: string; version: string; phase?: number; enabled?: boolean }> = base.map((e) => ({
    plugin: e.plugin,
    version: e.version,
    phase: e.phase,
    enabled: e.enabled,
  }));
  for (const change of changes) {
    const at = entries.findIndex((e) => e.plugin === change.plugin);
    const phase = change.phase === undefined ? {} : { phase: change.phase };
    if (at >= 0) {
      const { phase: kept, enabled } = entries[at]!;
      entries[at] = {
        plugin: change.plugin,
        version: change.version,
        ...(kept === undefined ? {} : { phase: kept }),
        ...phase,
        ...(enabled === undefined ? {} : { enabled }),
      };
    } else entries.push({ plugin: change.plugin, version: change.version, ...phase });
  }
  return entries;
}

/**
 * Makes the configuration "what is live for all agents, with these versions" and returns it
 * with the release it was based on (undefined when nothing is live yet).
 */
export async function configurationFromLive(
  client: RegistryClient,
  changes: readonly VersionChange[],
  description: string,
) {
  const base = liveForAll(await client.releases());
  const baseEntries = base ? (await client.configuration(base.configurationSid)).plugins : [];
  const configuration = await client.createConfiguration({
    name: changes.map((c) => `${c.plugin}@${c.version}`).join(', '),
    description,
    plugins: withVersions(baseEntries, changes),
  });
  return { configuration, base };
}

/** `name@version` (a scoped name keeps its leading `@`). */
export function parsePluginVersion(value: string): VersionChange | undefined {
  const at = value.lastIndexOf('@');
  if (at <= 0) return undefined;
  const plugin = value.slice(0, at).trim();
  const version = value.slice(at + 1).trim();
  return plugin && version ? { plugin, version } : undefined;
}

/** The target from `--percent` / `--agents` (all agents when neither is given). */
export function targetOf(flags: { percent?: number; agents?: string[] }): RolloutTarget {
  if (flags.percent !== undefined) return { kind: 'percent', percent: flags.percent };
  if (flags.agents?.length) return { kind: 'agents', identities: flags.agents };
  return { kind: 'all' };
}

/** The thresholds given on the command line (the server fills in the others). */
export function thresholdsOf(flags: {
  maxFailingDesktops?: number;
  maxErrorRate?: number;
  minInvocations?: number;
}): Partial<RolloutThresholds> {
  return {
    ...(flags.maxFailingDesktops === undefined ? {} : { maxFailingDesktops: flags.maxFailingDesktops }),
    ...(flags.maxErrorRate === undefined ? {} : { maxErrorRate: flags.maxErrorRate }),
    ...(flags.minInvocations === undefined ? {} : { minInvocations: flags.minInvocations }),
  };
}

/** `all agents`, `10% of agents`, `agents alice, bob` */
export function formatTarget(target: RolloutTarget): string {
  if (target.kind === 'all') return 'all agents';
  if (target.kind === 'percent') return `${target.percent}% of agents`;
  return `agent${target.identities.length === 1 ? '' : 's'} ${target.identities.join(', ')}`;
}

/** `more than 2 failing desktops, or an error rate above 20% (after 20 invocations)` */
export function formatThresholds(t: RolloutThresholds): string {
  return `more than ${t.maxFailingDesktops} failing desktop${t.maxFailingDesktops === 1 ? '' : 's'} for a plugin, or an error rate above ${formatRate(t.maxErrorRate)} (after ${t.minInvocations} invocations)`;
}

/** `20%`, `2.5%` */
export const formatRate = (rate: number): string => `${Math.round(rate * 1000) / 10}%`;

/** `2026-12-03 06:12:30` (UTC) */
export const formatTime = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

/** `crm-sync@1.1.0, wrapup-survey@2.0.0 (disabled)` */
export function formatEntries(entries: readonly ConfigurationEntry[]): string {
  if (!entries.length) return 'no plugins';
  return entries.map((e) => `${e.plugin}@${e.version}${e.enabled ? '' : ' (disabled)'}`).join(', ');
}

/** The live release to act on by default, or a one-line error saying nothing is live. */
export function requireLive<R extends RegistryRelease>(releases: readonly R[], command: string): R {
  const live = latestLive(releases);
  if (!live) {
    throw new PluginScriptsError(
      'NO_LIVE_RELEASE',
      `${command}: no release is live (switchboard-plugin release makes one)`,
    );
  }
  return live;
}
