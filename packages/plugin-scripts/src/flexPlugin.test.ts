/**
 * A flex-plugin-builder project, as such projects are written (JSX in .js files, `FlexPlugin`
 * from `@twilio/flex-plugin`, `* as Flex` from `@twilio/flex-ui`, its own package.json with
 * no Switchboard fields), built by `buildPlugin` without edits; the bundle then runs against
 * a real host on the in-process contact center.
 */
import { createTestHost } from '@switchboard/host/testing';
import type { PluginDefinition } from '@switchboard/plugin';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { fixtureRoot, removeRoot, writeProject } from '../test/fixtures';
import { buildPlugin } from './buildPlugin';
import { flexCompatEntry, FLEX_IMPORTS } from './createWebpackConfig';
import { readPlugin } from './readPlugin';
import { flexModuleNameMapper } from './runTests';

jest.setTimeout(120_000);

let root: string;
beforeAll(() => (root = fixtureRoot('flex')));
afterAll(() => removeRoot(root));

const FLEX_PROJECT = {
  'package.json': {
    name: 'plugin-vip-guard',
    version: '0.0.1',
    private: true,
    scripts: { build: 'twilio flex:plugins:build' },
    dependencies: { 'flex-plugin': '^4.0.0', lodash: '^4.17.21', react: '17.0.2', 'react-dom': '17.0.2' },
    devDependencies: { '@twilio/flex-plugin-scripts': '^6.0.0', '@twilio/flex-ui': '^2' },
  },
  'src/index.js': `
    import * as FlexPlugin from '@twilio/flex-plugin';
    import VipGuardPlugin from './VipGuardPlugin';

    FlexPlugin.loadPlugin(VipGuardPlugin);
  `,
  'src/VipGuardPlugin.js': `
    import React from 'react';
    import { FlexPlugin } from '@twilio/flex-plugin';
    import * as Flex from '@twilio/flex-ui';
    import upperFirst from 'lodash/upperFirst';
    import VipBadge from './components/VipBadge';

    const PLUGIN_NAME = 'VipGuardPlugin';

    export default class VipGuardPlugin extends FlexPlugin {
      constructor() {
        super(PLUGIN_NAME);
      }

      async init(flex, manager) {
        flex.TaskCanvasHeader.Content.add(<VipBadge key="vip-badge" />, {
          sortOrder: 1,
          if: (props) => props.task.attributes.tier === 'gold',
        });
        flex.Actions.addListener('beforeAcceptTask', async (payload, abortFunction) => {
          if (payload.task.attributes.blocked) abortFunction();
        });
        Flex.Actions.replaceAction('SendMessage', (payload, original) =>
          original({ ...payload, body: upperFirst(payload.body) }),
        );
        manager.store.addReducer('vipGuard', (state = { version: Flex.VERSION }) => state);
      }
    }
  `,
  'src/components/VipBadge.js': `
    import React from 'react';
    import { withTaskContext, TaskHelper } from '@twilio/flex-ui';

    const VipBadge = ({ task }) => (
      <span className="vip-badge">{TaskHelper.isTaskAccepted(task) ? 'VIP (accepted)' : 'VIP'}</span>
    );

    export default withTaskContext(VipBadge);
  `,
};

test('readPlugin knows a Flex plugin folder by its dependencies; Jest maps its Flex imports to the compat layer', () => {
  const dir = writeProject(root, 'read', FLEX_PROJECT);
  expect(readPlugin(dir)).toMatchObject({ name: 'plugin-vip-guard', flex: true, sizeLimit: 262_144 });
  const mapper = flexModuleNameMapper();
  const [pattern, target] = Object.entries(mapper)[0]!;
  for (const name of FLEX_IMPORTS) expect(new RegExp(pattern).test(name)).toBe(true);
  expect(new RegExp(pattern).test('@twilio/flex-ui-extra')).toBe(false);
  expect(target).toBe(flexCompatEntry('cjs'));
});

test('switchboard-plugin build takes a flex-plugin-builder folder unchanged, and the bundle runs on a host', async () => {
  const dir = writeProject(root, 'plugin-vip-guard', FLEX_PROJECT);
  const result = await buildPlugin(dir);
  expect(result.manifestEntry).toMatchObject({ name: 'plugin-vip-guard', version: '0.0.1', src: 'plugin.js' });
  const bundle = readFileSync(result.bundleFile, 'utf8');
  // React, ReactDOM, Redux and the actions come from the host; lodash and the compat layer are inside.
  expect(bundle).toMatch(/Switchboard.*modules/);
  expect(bundle).not.toMatch(/react\.production|__CLIENT_INTERNALS|ReactCurrentDispatcher/);
  expect(bundle).toContain('plugin-vip-guard');
  // The compat layer and lodash's upperFirst: about 10.8 KB (11,064 B measured with the host features wired).
  expect(result.size.gzip).toBeLessThan(14_000);

  // Run the bundle as a page would, with the host's modules; it registers its plugin.
  const registered: PluginDefinition[] = [];
  const window = {
    Switchboard: {
      version: '0.1.0',
      Plugins: { init: (plugin: PluginDefinition) => registered.push(plugin) },
      modules: {
        react: require('react'),
        'react/jsx-runtime': require('react/jsx-runtime'),
        'react-dom': require('react-dom'),
        redux: require('redux'),
        'react-redux': require('react-redux'),
        '@reduxjs/toolkit': require('@reduxjs/toolkit'),
        '@switchboard/actions': require('@switchboard/actions'),
      },
    },
  };
  vm.runInNewContext(
    bundle,
    { window, globalThis: window, self: window, document: undefined },
    { filename: result.bundleFile },
  );
  expect(registered.map((p) => p.name)).toEqual(['plugin-vip-guard']);

  const t = await createTestHost({ plugins: registered });
  try {
    expect((t.state().vipGuard as { version: string }).version).toBe('2.17.0');
    const blocked = await t.contactCenter.createTask({ customerName: 'Eve', attributes: { blocked: 'yes' } });
    await expect(t.invoke('AcceptTask', { sid: blocked.reservationSid })).rejects.toMatchObject({
      code: 'ACTION_ABORTED',
    });
    const ok = await t.contactCenter.createTask({ customerName: 'Ada', attributes: { tier: 'gold' } });
    await t.invoke('AcceptTask', { sid: ok.reservationSid });
    await t.invoke('SendMessage', { channelSid: ok.channelSid, body: 'hello Ada' });
    expect((await t.contactCenter.messagesOf(ok.channelSid)).map((m) => m.body)).toEqual(['Hello Ada']);
  } finally {
    await t.dispose();
  }
});
