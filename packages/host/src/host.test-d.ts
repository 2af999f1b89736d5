/**
 * Type-level tests of the host's public surface: checked by `npm run typecheck`, never run.
 */
import { expectTypeOf } from 'expect-type';
import type { Contributions, Host } from './index';
import type { PluginApi } from '@switchboard/plugin';

declare const host: Host;

// host.contributions is the public interface, not the registry class behind it.
expectTypeOf(host.contributions).toEqualTypeOf<Contributions>();
// @ts-expect-error notices are the host's business
host.contributions.tombstone('crm', 'failed');
// @ts-expect-error tombstones are the host's business
host.contributions.clearTombstones('crm');

// A plugin's pending work can stop with it.
declare const api: PluginApi;
expectTypeOf(api.signal).toEqualTypeOf<AbortSignal>();
