import * as FlexPlugin from '@twilio/flex-plugin';

import WrapupDispositionPlugin from './WrapupDispositionPlugin';

FlexPlugin.loadPlugin(WrapupDispositionPlugin);
