/**
 * Flex's `FlexPlugin` and `loadPlugin`: a Flex plugin class registered as a Switchboard
 * plugin. Its `init(flex, manager)` gets a `flex` namespace and a `manager` made from the
 * plugin's `PluginApi`, so all it registers is owned by it and undone when it unloads.
 */
import {
  definePlugin,
  loadPlugin as registerPlugin,
  PLUGIN_NAME,
  type PluginApi,
  type PluginDefinition,
} from '@switchboard/plugin';
import { componentsWithoutSlot, flexComponents, viewCollection, type FlexComponent } from './components';
import { activate, FlexContext, setProvidersOf, type Manager, type ProvidersConfig } from './context';
import { FlexError, ErrorType } from './errors';
import * as FlexModule from './flexExports';
import { flexNotifications } from './notifications';
import type { FlexComponentWithoutSlot } from './slots';

/** The plugin name the toolchain compiles in: the Flex plugin folder's package.json name. */
declare const __SWITCHBOARD_PLUGIN_NAME__: string | undefined;

/** The `flex` namespace `init` receives: the module's exports, acting for this plugin. */
export type FlexNamespace = typeof FlexModule &
  Record<FlexComponentWithoutSlot, FlexComponent> & {
    FlexPlugin: typeof FlexPlugin;
    loadPlugin: typeof loadPlugin;
    flexPluginDefinition: typeof flexPluginDefinition;
  };

/** Flex's plugin base class. */
export abstract class FlexPlugin {
  /** The plugin's Flex name (its class's `super(NAME)`). */
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
  /** Runs once when the plugin loads; may be async (the host waits, with its timeout). */
  abstract init(flex: FlexNamespace, manager: Manager): void | Promise<void>;

  /** `FlexPlugin.loadPlugin(MyPlugin)`, as flex-plugin's module function. */
  static loadPlugin(PluginClass: FlexPluginClass): void {
    loadPlugin(PluginClass);
  }
}

/** A Flex plugin class (constructed without arguments: it calls `super(NAME)` itself). */
export type FlexPluginClass = new () => FlexPlugin;

/** `SamplePlugin` → `sample-plugin`, when nothing better names the plugin. */
export function toPluginName(flexName: string): string {
  return flexName
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .toLowerCase()
    .replace(/^[^a-z0-9]+|-+$/g, '');
}

/** The `flex` namespace of one plugin: the module's exports with the plugin-bound APIs. */
function namespaceOf(context: FlexContext): FlexNamespace {
  const own = () => context;
  return Object.freeze({
    ...componentsWithoutSlot(),
    ...FlexModule,
    FlexPlugin,
    loadPlugin,
    flexPluginDefinition,
    Actions: context.actions,
    Manager: Object.assign(Object.create(FlexModule.Manager) as typeof FlexModule.Manager, {
      getInstance: () => context.manager,
    }),
    Notifications: flexNotifications(own),
    ViewCollection: viewCollection(own),
    setProviders: (providers: ProvidersConfig) => setProvidersOf(context, providers),
    ...flexComponents(own),
  }) as FlexNamespace;
}

interface TwilioGlobal {
  Twilio?: { Flex?: unknown };
}

/** Installs `window.Twilio.Flex` (the first loaded Flex plugin's namespace) until that plugin unloads. */
function installGlobal(api: PluginApi, flex: FlexNamespace): void {
  const g = globalThis as TwilioGlobal;
  if (g.Twilio?.Flex) return;
  g.Twilio = { ...g.Twilio, Flex: flex };
  api.onDispose(() => {
    if (g.Twilio?.Flex === flex) delete g.Twilio.Flex;
  });
}

/** Options of {@link flexPluginDefinition}. */
export interface FlexPluginOptions {
  /** The Switchboard plugin name (default: the name the toolchain compiled in, else the Flex name in kebab case). */
  name?: string;
}

/**
 * The Switchboard plugin definition of a Flex plugin class (for the test kit:
 * `createTestHost({ plugins: [flexPluginDefinition(MyPlugin)] })`).
 */
export function flexPluginDefinition(PluginClass: FlexPluginClass, options: FlexPluginOptions = {}): PluginDefinition {
  if (typeof PluginClass !== 'function')
    throw new FlexError(`loadPlugin: expects a FlexPlugin class, got ${typeof PluginClass}`, {
      type: ErrorType.Plugin,
    });
  const plugin = new PluginClass();
  const compiled = typeof __SWITCHBOARD_PLUGIN_NAME__ === 'string' ? __SWITCHBOARD_PLUGIN_NAME__ : undefined;
  const name = options.name ?? compiled ?? toPluginName(plugin.name ?? PluginClass.name);
  if (!PLUGIN_NAME.test(name))
    throw new FlexError(`loadPlugin: "${name}" (from the Flex plugin "${plugin.name}") is not a plugin name`, {
      type: ErrorType.Plugin,
    });
  return definePlugin({
    name,
    async init(api) {
      const context = new FlexContext(api);
      activate(context);
      const flex = namespaceOf(context);
      installGlobal(api, flex);
      await plugin.init(flex, context.manager);
    },
  });
}

/** Flex's `loadPlugin(MyPlugin)`: registers the plugin with the host running the page. */
export function loadPlugin(PluginClass: FlexPluginClass, options: FlexPluginOptions = {}): void {
  registerPlugin(flexPluginDefinition(PluginClass, options));
}
