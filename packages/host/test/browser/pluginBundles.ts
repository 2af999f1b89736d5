/**
 * Generates plugin bundles as plain JavaScript (an IIFE that calls
 * `window.Switchboard.Plugins.init({ name, init(api) })`, as a hand-written bundle may), with
 * one knob per fault, and computes SRI hashes.
 *
 * A healthy plugin, when its bundle runs, appends its name to `window.__sbRan`; its `init`
 * registers action `Hello:<name>`, listeners `beforeProbe` / `afterProbe` (which push to
 * `window.__sbObserved`), a reducer under `state[<name>]` counting `harness/ping`, and a
 * contribution (key `<name>`) rendering `<div data-plugin-content="<name>">`.
 */
import { createHash } from 'node:crypto';

/** What goes wrong with a generated plugin. */
export type PluginFault =
  /** Nothing. */
  | 'none'
  /** The bundle does not parse. */
  | 'syntax-error'
  /** The bundle throws while it runs, before registering. */
  | 'throw-on-run'
  /** The bundle runs but never calls `Switchboard.Plugins.init`. */
  | 'never-register'
  /** `init` registers everything, then throws. */
  | 'init-throws'
  /** `init` registers everything, then returns a promise that rejects. */
  | 'init-rejects'
  /** `init` registers everything, then returns a promise that never settles. */
  | 'init-hangs'
  /** The contribution's component throws when it renders. */
  | 'render-throws'
  /** A `beforeProbe` listener throws. */
  | 'listener-throws'
  /** The reducer throws on `harness/boom`. */
  | 'reducer-throws';

export interface PluginBundleOptions {
  /** The plugin's name (what it registers as). */
  name: string;
  fault?: PluginFault;
  /** The slot its contribution goes to. Default `AgentDesktop.Panel`. */
  slot?: string;
  /** More no-op `before` listeners to register (on actions `Bench0`…). Default 0. */
  extraListeners?: number;
  /** `init` resolves after this long. Default: at once (synchronous). */
  initDelayMs?: number;
  /**
   * This long after `init` starts, try to register more (a listener, a contribution, a
   * reducer), then append the name to `window.__sbLate`: what a plugin whose init timed
   * out may still do. Unset: never.
   */
  lateRegistrationMs?: number;
}

/** A JavaScript string literal. */
const lit = (value: string | number): string => JSON.stringify(value);

/** The bundle's source. */
export function pluginBundle(options: PluginBundleOptions): string {
  const {
    name,
    fault = 'none',
    slot = 'AgentDesktop.Panel',
    extraListeners = 0,
    initDelayMs,
    lateRegistrationMs,
  } = options;
  const is = (f: PluginFault) => fault === f;

  const init: string[] = [
    `api.actions.registerAction('Hello:' + NAME, function () { return 'hello from ' + NAME; });`,
    `api.actions.addListener('beforeProbe', function (payload) { observe('before', 'Probe', payload); });`,
    `api.actions.addListener('afterProbe', function (payload) { observe('after', 'Probe', payload); });`,
  ];
  for (let i = 0; i < extraListeners; i++) {
    init.push(`api.actions.addListener(${lit(`beforeBench${i}`)}, function () {});`);
  }
  if (is('listener-throws')) {
    init.push(`api.actions.addListener('beforeProbe', function () { throw new Error('listener exploded'); });`);
  }
  init.push(
    `api.store.addReducer(NAME, function (state, action) {`,
    `  state = state || { pings: 0 };`,
    is('reducer-throws') ? `  if (action.type === 'harness/boom') throw new Error('reducer exploded');` : '',
    `  return action.type === 'harness/ping' ? { pings: state.pings + 1 } : state;`,
    `});`,
    `api.contributions.add(SLOT, Content, { key: NAME });`,
  );
  if (lateRegistrationMs !== undefined) {
    init.push(
      `setTimeout(function () {`,
      `  var attempts = [`,
      `    function () { api.actions.addListener('beforeProbe', function (payload) { observe('late', 'Probe', payload); }); },`,
      `    function () { api.actions.registerAction('Late:' + NAME, function () {}); },`,
      `    function () { api.contributions.add(SLOT, Content, { key: NAME + '-late' }); },`,
      `    function () { api.store.addReducer(NAME + '_late', function (s) { return s || { late: true }; }); },`,
      `  ];`,
      `  attempts.forEach(function (attempt) { try { attempt(); } catch (e) { /* refusing is fine too */ } });`,
      `  window.__sbLate.push(NAME);`,
      `}, ${lit(lateRegistrationMs)});`,
    );
  }
  if (is('init-throws')) init.push(`throw new Error('init exploded');`);
  else if (is('init-rejects')) {
    init.push(
      `return new Promise(function (_, reject) { setTimeout(function () { reject(new Error('init rejected')); }, 10); });`,
    );
  } else if (is('init-hangs')) init.push(`return new Promise(function () {});`);
  else if (initDelayMs !== undefined) {
    init.push(`return new Promise(function (resolve) { setTimeout(resolve, ${lit(initDelayMs)}); });`);
  }

  const content = is('render-throws')
    ? `function Content() { throw new Error('render exploded'); }`
    : `function Content() { return React.createElement('div', { 'data-plugin-content': NAME }, 'Content of ' + NAME); }`;

  const lines = [
    `/* generated plugin bundle: ${name} (${fault}) */`,
    `(function () {`,
    `  'use strict';`,
    `  var NAME = ${lit(name)};`,
    `  var SLOT = ${lit(slot)};`,
    `  (window.__sbRan = window.__sbRan || []).push(NAME);`,
    `  window.__sbLate = window.__sbLate || [];`,
    is('throw-on-run') ? `  throw new Error('bundle exploded while running');` : '',
    `  var Switchboard = window.Switchboard;`,
    `  var React = Switchboard.modules.react;`,
    `  function observe(phase, action, payload) {`,
    `    (window.__sbObserved = window.__sbObserved || []).push({ plugin: NAME, phase: phase, action: action, payload: payload });`,
    `  }`,
    `  ${content}`,
    `  var plugin = {`,
    `    name: NAME,`,
    `    init: function (api) {`,
    ...init.filter(Boolean).map((l) => `      ${l}`),
    `    },`,
    `  };`,
    is('never-register') ? `  void plugin;` : `  Switchboard.Plugins.init(plugin);`,
    `})();`,
    // An unbalanced token after valid code: the whole script fails to parse, so none of it runs.
    is('syntax-error') ? `function broken( {` : '',
    '',
  ];
  return lines.filter((l, i, all) => l !== '' || i === all.length - 1).join('\n');
}

/** The SRI hash (`sha384-…`, or sha512) of a body, as a manifest's `integrity`. */
export function sri(body: string | Uint8Array, algorithm: 'sha384' | 'sha512' = 'sha384'): string {
  return `${algorithm}-${createHash(algorithm).update(body).digest('base64')}`;
}
