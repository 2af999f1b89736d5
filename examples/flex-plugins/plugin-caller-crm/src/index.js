import * as FlexPlugin from '@twilio/flex-plugin';

import CallerCrmPlugin from './CallerCrmPlugin';

FlexPlugin.loadPlugin(CallerCrmPlugin);
