// The bundle's entry: registers the plugin with the agent desktop that loads it.
import { loadPlugin } from '@switchboard/plugin';
import plugin from './plugin';

loadPlugin(plugin);
