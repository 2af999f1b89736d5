import type { PluginRegistration } from '@switchboard/plugin';
import satisfies from 'semver/functions/satisfies.js';
import { HostError } from '../errors';
import type { ParsedEntry } from '../manifest/manifest';
import { HOST_CONTRACTS } from '../version';
import type { ManifestEntry } from './types';

/** What a plugin's status shows of its manifest entry: the manifest's own values, never placeholders. */
export interface ShownEntry {
  version?: string;
  src?: string;
  phase: number;
  enabled: boolean;
}

/** A manifest entry as the admission step decided about it. */
export interface Admission {
  /** Unique: the name, or for a manifest entry that could not be used, `name#index`. */
  id: string;
  name: string;
  /** The validated entry; undefined when the manifest entry was not valid. */
  entry: ManifestEntry | undefined;
  shown: ShownEntry;
  /**
   * Why the entry was refused (invalid, duplicate name, other host version), before anything
   * was fetched. It stays the reason: reloading such an entry fetches nothing.
   */
  rejection: HostError | undefined;
}

/**
 * The plugin manager's gate, before any lifecycle: which manifest entries may be loaded (a
 * valid entry, a name not taken, a `hostVersion` range this host satisfies) and which
 * registration contracts a bundle may register with. A refused entry is kept, Failed with
 * its reason, so the status tells the truth about every entry of the manifest.
 *
 * @example
 * const admission = new PluginAdmission('1.4.0');
 * const { id, rejection } = admission.admit(parsed, (id) => records.has(id));
 * rejection?.code; // 'MANIFEST_INVALID' | 'PLUGIN_DUPLICATE' | 'PLUGIN_HOST_VERSION'
 */
export class PluginAdmission {
  /** @param hostVersion this host's semver version, compared with each entry's `hostVersion` range */
  constructor(private readonly hostVersion: string) {}

  /** Admits or refuses one parsed manifest entry; `isTaken(id)` says whether a plugin already has that id. */
  admit(p: ParsedEntry, isTaken: (id: string) => boolean): Admission {
    const taken = p.name !== undefined && isTaken(p.name);
    const id =
      p.name !== undefined && !taken && !p.problems
        ? p.name
        : this.spareId(`${p.name ?? 'plugin'}#${p.index}`, isTaken);
    const name = p.name ?? id;
    const shown: ShownEntry = p.entry
      ? { version: p.entry.version, src: p.entry.src, phase: p.entry.phase, enabled: p.entry.enabled }
      : { ...p.declared, phase: p.declared.phase ?? 0, enabled: p.declared.enabled ?? true };
    let rejection: HostError | undefined;
    if (p.problems) {
      rejection = new HostError('MANIFEST_INVALID', p.problems.join('; '), { owner: name });
    } else if (taken) {
      rejection = new HostError(
        'PLUGIN_DUPLICATE',
        `plugins[${p.index}] ("${name}"): a plugin named "${name}" is already loaded; names must be unique`,
        { owner: name },
      );
    } else if (!satisfies(this.hostVersion, p.entry.hostVersion, { includePrerelease: true })) {
      rejection = new HostError(
        'PLUGIN_HOST_VERSION',
        `plugin "${name}" needs host ${p.entry.hostVersion}; this host is ${this.hostVersion}`,
        { owner: name },
      );
    }
    return { id, name, entry: p.entry, shown, rejection };
  }

  /**
   * Why a bundle's registration contract is refused, if it is. A bundle that states none is
   * taken as contract 1 (a hand-written `Plugins.init(plugin)`).
   */
  contractProblem(name: string, registration: PluginRegistration | undefined): HostError | undefined {
    const contract = registration?.contract ?? 1;
    const { min, max } = HOST_CONTRACTS;
    if (Number.isInteger(contract) && contract >= min && contract <= max) return undefined;
    const built = `its bundle was built with @switchboard/plugin ${registration?.sdkVersion ?? '(version unknown)'} for registration contract ${String(contract)}`;
    const accepts = `this host (${this.hostVersion}) accepts contract${min === max ? ` ${min}` : `s ${min}–${max}`}`;
    const fix =
      typeof contract === 'number' && contract > max
        ? 'use a newer host, or build the plugin with an older @switchboard/plugin'
        : 'rebuild the plugin with a current @switchboard/plugin';
    return new HostError('PLUGIN_CONTRACT_UNSUPPORTED', `plugin "${name}": ${built}; ${accepts}: ${fix}`, {
      owner: name,
    });
  }

  /** `base`, or `base.2`, `base.3`, … when an entry of an earlier manifest has that id already. */
  private spareId(base: string, isTaken: (id: string) => boolean): string {
    let id = base;
    for (let n = 2; isTaken(id); n++) id = `${base}.${n}`;
    return id;
  }
}
