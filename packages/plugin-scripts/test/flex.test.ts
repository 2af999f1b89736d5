/**
 * `switchboard-plugin test` and `build` through the real binary in a flex-plugin-builder
 * folder: its Flex imports resolve to the compat layer under Jest as in the bundle.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fixtureRoot, removeRoot, repoRoot, requireBuilt, runCli, writeProject } from './fixtures';

jest.setTimeout(90_000);

let root: string;
let dir: string;

beforeAll(() => {
  requireBuilt();
  if (!existsSync(path.join(repoRoot, 'packages/flex-compat/dist/cjs/index.cjs')))
    throw new Error('@switchboard/flex-compat is not built: run `npm run build` (npm test does) first');
  root = fixtureRoot('flex');
  dir = writeProject(root, 'plugin-greeter', {
    'package.json': {
      name: 'plugin-greeter',
      version: '0.0.1',
      private: true,
      dependencies: { 'flex-plugin': '^4.0.0', react: '17.0.2', 'react-dom': '17.0.2' },
      devDependencies: { '@twilio/flex-plugin-scripts': '^6.0.0', '@twilio/flex-ui': '^2' },
    },
    // What flex-plugin-builder scaffolds: overrides as functions of (config, { isProd, isDev, isTest }).
    'webpack.config.js': `module.exports = (config, { isProd, isDev, isTest }) => {
  if (!isProd || isDev || isTest) throw new Error('not a production build');
  return config;
};
`,
    'jest.config.js': `module.exports = (config, { isProd, isDev, isTest }) => {
  if (!isTest || isProd || isDev) throw new Error('not a test run');
  return { ...config, setupFiles: ['<rootDir>/test-setup.js'] };
};
`,
    'test-setup.js': 'globalThis.flexSetUp = true;\n',
    'src/index.js': `import * as FlexPlugin from 'flex-plugin';\nimport GreeterPlugin from './GreeterPlugin';\n\nFlexPlugin.loadPlugin(GreeterPlugin);\n`,
    'src/GreeterPlugin.js': `
      import React from 'react';
      import { FlexPlugin } from 'flex-plugin';

      export default class GreeterPlugin extends FlexPlugin {
        constructor() {
          super('GreeterPlugin');
        }

        init(flex, manager) {
          flex.Actions.addListener('afterAcceptTask', (payload) => {
            flex.Actions.invokeAction('SendMessage', {
              conversationSid: payload.task.conversationSid,
              body: 'Hello, I am ' + manager.store.getState().flex.session.identity,
            });
          });
          flex.MainHeader.Content.add(<span key="greeter">Greeter</span>, { sortOrder: -1 });
        }
      }
    `,
    'src/GreeterPlugin.test.js': `
      import { createTestHost } from '@switchboard/host/testing';
      import { flexPluginDefinition } from '@switchboard/flex-compat';
      import * as Flex from '@twilio/flex-ui';
      import GreeterPlugin from './GreeterPlugin';

      it('greets the customer once the task is accepted', async () => {
        const t = await createTestHost({ plugins: [flexPluginDefinition(GreeterPlugin)] });
        expect(globalThis.flexSetUp).toBe(true);
        try {
          const task = await t.contactCenter.createTask({ customerName: 'Ada' });
          await Flex.Actions.invokeAction('AcceptTask', { sid: task.reservationSid });
          await t.settle();
          const bodies = (await t.contactCenter.messagesOf(task.channelSid)).map((m) => m.body);
          expect(bodies).toEqual(['Hello, I am agent']);
        } finally {
          await t.dispose();
        }
      });
    `,
  });
});
afterAll(() => removeRoot(root));

test('test: the Flex imports are the compat layer under Jest', () => {
  const run = runCli(dir, ['test']);
  expect(run.stderr).toMatch(/Tests:\s+1 passed, 1 total/);
  expect(run.status).toBe(0);
});

test('build: one bundle registering the package name', () => {
  const run = runCli(dir, ['build']);
  expect(run.stderr).toBe('');
  expect(run.stdout).toContain('Building plugin-greeter 0.0.1 for the desktop from src/index.js');
  expect(run.status).toBe(0);
  expect(existsSync(path.join(dir, 'dist', 'plugin.js'))).toBe(true);
});
