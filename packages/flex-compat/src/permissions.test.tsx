/** @jest-environment jsdom */
import { createTestHost, type TestHost } from '@switchboard/host/testing';
import { FlexPlugin, flexPluginDefinition, type FlexNamespace } from './index';

let t: TestHost | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

/** A Flex plugin that hooks AcceptTask and fills the task canvas header, the way Flex plugins do. */
class CrmPlugin extends FlexPlugin {
  constructor() {
    super('CrmPlugin');
  }
  init(flex: FlexNamespace) {
    flex.Actions.addListener('beforeAcceptTask', () => {});
    flex.TaskCanvasHeader.Content.add(<span key="crm">crm</span>);
  }
}
const definition = flexPluginDefinition(CrmPlugin);

it('a Flex plugin that declares nothing goes through the same plugin API, unrestricted', async () => {
  t = await createTestHost({ plugins: [definition] });
  expect(t.host.plugins.get(definition.name)).toMatchObject({ state: 'Initialized' });
  expect(t.host.plugins.get(definition.name)).not.toHaveProperty('permissions');
  expect(t.host.actions.describe('AcceptTask')?.before.map((r) => r.owner)).toEqual([definition.name]);
});

it('a Flex plugin with a declaration is held to it like any plugin', async () => {
  t = await createTestHost({
    permissions: { [definition.name]: { actions: ['AcceptTask'], slots: [], origins: [] } },
  });
  const [status] = await t.load(definition);
  expect(status?.error).toMatchObject({
    code: 'PERMISSION_DENIED',
    message: `plugin "${definition.name}" has no permission for slot "TaskCanvasHeader" (declare it in package.json switchboard.plugin.permissions.slots)`,
  });
});
