/**
 * The entry of the one-script build (`dist/webchat.js`): sets `window.SwitchboardWebChat`.
 */
import { installGlobal } from './installGlobal';

installGlobal(globalThis as { SwitchboardWebChat?: unknown });
