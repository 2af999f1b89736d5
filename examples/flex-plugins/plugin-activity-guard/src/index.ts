import * as FlexPlugin from '@twilio/flex-plugin';

import ActivityGuardPlugin from './ActivityGuardPlugin';

FlexPlugin.loadPlugin(ActivityGuardPlugin);
