#!/usr/bin/env node
// Serves your own desktop at /own/ on the local stack (the contact center, a customer page
// at /webchat/ and the agent desktop at / beside it), with the sample plugins of this
// repository. Build first: npm run build -w @switchboard/example-your-own-desktop
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pluginsIn, startLocalStack } from '@switchboard/local-stack';

const here = path.dirname(fileURLToPath(import.meta.url));
const stack = await startLocalStack({
  port: Number(process.env.PORT ?? 4300),
  dataDir: path.join(here, '.switchboard', 'data'),
  plugins: pluginsIn(path.join(here, '..', '..', 'plugins')).desktop,
  pages: { '/own/': path.join(here, 'dist') },
});
console.log(`Your own desktop: ${stack.url}/own/?agent=alice`);
console.log(`Customer page:    ${stack.webchatUrl}`);
process.on('SIGINT', () => void stack.close().then(() => process.exit(0)));
