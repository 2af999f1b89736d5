// The bundle's entry: registers the plugin with the webchat widget of the page. A page may
// load plugin scripts before the widget's own script: then the plugin waits in a queue
// (`window.SwitchboardWebChat = { plugins: [...] }`) that the widget takes over.
import type { SwitchboardWebChatGlobal, WebChatPlugin } from '@switchboard/webchat';
import plugin from './plugin';

type PageGlobal = { SwitchboardWebChat?: { plugins?: unknown } };
const page = globalThis as PageGlobal;
const plugins = page.SwitchboardWebChat?.plugins as SwitchboardWebChatGlobal['plugins'] | WebChatPlugin[] | undefined;
if (plugins && !Array.isArray(plugins)) plugins.register(plugin);
else page.SwitchboardWebChat = { ...page.SwitchboardWebChat, plugins: [...(plugins ?? []), plugin] };
