/**
 * The compat layer is compiled into every Flex plugin's bundle: its size is every Flex
 * plugin's cost. Measured as a bundle would hold it (minified, with React, Redux and
 * `@switchboard/actions` and `@switchboard/host` from the host).
 */
import { build } from 'esbuild';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The budget, bytes of min+gzip (9.4 KB, 9,645 B, measured with the host features wired). */
const BUDGET = 10_240;

it(`stays under ${BUDGET} B min+gzip`, async () => {
  const result = await build({
    entryPoints: [path.join(__dirname, 'index.ts')],
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    logLevel: 'error',
    external: [
      'react',
      'react/jsx-runtime',
      'react-dom',
      'redux',
      'react-redux',
      '@switchboard/actions',
      '@switchboard/host',
    ],
    alias: { '@switchboard/plugin': path.join(__dirname, '../../plugin/src/index.ts') },
  });
  const gzip = gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length;
  expect(gzip).toBeLessThan(BUDGET);
});
