/** A release's health: desktops' reports summed per plugin, and the thresholds that roll it back. */
import type { HealthRecord } from './RegistryRepository';
import type { ConfigurationEntry, PluginHealth, PluginHealthReport, RolloutThresholds } from './types';

/** One desktop's new report about a plugin, added to what it reported before in the release. */
export function mergeReport(
  previous: HealthRecord | undefined,
  key: { releaseSid: string; workerSid: string },
  report: PluginHealthReport,
  now: number,
): HealthRecord {
  const failedNow = report.state === 'Failed' || report.timeouts > 0;
  return {
    releaseSid: key.releaseSid,
    plugin: report.name,
    workerSid: key.workerSid,
    version: report.version,
    state: report.state,
    failed: (previous?.failed ?? false) || failedNow,
    failure: report.failure ?? previous?.failure ?? null,
    errors: (previous?.errors ?? 0) + report.errors,
    aborts: (previous?.aborts ?? 0) + report.aborts,
    timeouts: (previous?.timeouts ?? 0) + report.timeouts,
    invocations: (previous?.invocations ?? 0) + report.invocations,
    actions: report.actions ?? previous?.actions ?? null,
    updatedAt: now,
  };
}

/** The health of each plugin of a release's configuration (in its order), over every desktop's rows. */
export function summarizeHealth(entries: readonly ConfigurationEntry[], rows: Iterable<HealthRecord>): PluginHealth[] {
  const byPlugin = new Map<string, PluginHealth>();
  for (const e of entries)
    byPlugin.set(e.plugin, {
      plugin: e.plugin,
      version: e.version,
      failingDesktops: 0,
      desktops: 0,
      errors: 0,
      aborts: 0,
      timeouts: 0,
      invocations: 0,
      errorRate: 0,
    });
  for (const r of rows) {
    const h = byPlugin.get(r.plugin);
    if (!h || h.version !== r.version) continue;
    h.desktops++;
    if (r.failed) h.failingDesktops++;
    h.errors += r.errors;
    h.aborts += r.aborts;
    h.timeouts += r.timeouts;
    h.invocations += r.invocations;
    if (r.failure && (r.failed || !h.lastFailure)) h.lastFailure = r.failure;
  }
  for (const h of byPlugin.values()) h.errorRate = h.invocations ? h.errors / h.invocations : 0;
  return [...byPlugin.values()];
}

const percent = (rate: number) => `${Number((rate * 100).toFixed(1))}%`;

/**
 * The first threshold a release's health breaches, as the reason of its rollback (naming the
 * plugin, the rule and the figures), or undefined.
 *
 * @example
 * breach(health, DEFAULT_THRESHOLDS);
 * // 'plugin "bad-plugin" 1.1.0 failed on 3 of 3 desktops (limit 2): PLUGIN_INIT_FAILED: boom'
 */
export function breach(health: readonly PluginHealth[], t: RolloutThresholds): string | undefined {
  for (const h of health) {
    if (h.failingDesktops > t.maxFailingDesktops) {
      const why = h.lastFailure
        ? `: ${h.lastFailure.code}: ${h.lastFailure.message}`
        : h.timeouts
          ? `: ${h.timeouts} guardrail timeout${h.timeouts === 1 ? '' : 's'}`
          : '';
      return `plugin "${h.plugin}" ${h.version} failed on ${h.failingDesktops} of ${h.desktops} desktops (limit ${t.maxFailingDesktops})${why}`;
    }
  }
  for (const h of health) {
    if (h.invocations >= t.minInvocations && h.invocations > 0 && h.errorRate > t.maxErrorRate) {
      return `plugin "${h.plugin}" ${h.version} error rate ${percent(h.errorRate)} (${h.errors} errors in ${h.invocations} invocations) is over the limit of ${percent(t.maxErrorRate)}`;
    }
  }
  return undefined;
}
