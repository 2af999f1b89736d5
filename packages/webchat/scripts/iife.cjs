// The one-script build of the widget (dist/webchat.js): an IIFE that sets
// window.SwitchboardWebChat, minified, with a source map. Shared by build-iife.mjs,
// size.mjs, the example's build and the tests, so they all measure and run the same bundle.
// @switchboard/* resolve to the packages' sources through the repo's tsconfig paths.
const path = require('node:path');

const PACKAGE_DIR = path.resolve(__dirname, '..');
const ROOT = path.resolve(PACKAGE_DIR, '..', '..');

/** esbuild options of the IIFE; `outfile` defaults to dist/webchat.js. */
function iifeOptions(outfile = path.join(PACKAGE_DIR, 'dist', 'webchat.js')) {
  return {
    entryPoints: [path.join(PACKAGE_DIR, 'src', 'global.ts')],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    absWorkingDir: ROOT,
    logLevel: 'warning',
  };
}

/**
 * Builds the IIFE. `write: false` returns `{ js, map }` in memory; otherwise writes
 * `outfile` and `outfile.map` and returns them too.
 */
async function buildIife({ outfile, write = true } = {}) {
  const { build } = require('esbuild');
  const options = iifeOptions(outfile);
  const result = await build({ ...options, write });
  if (!write) {
    const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
    const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
    return { js: js.text, map: map.text };
  }
  const fs = require('node:fs');
  return { js: fs.readFileSync(options.outfile, 'utf8'), map: fs.readFileSync(`${options.outfile}.map`, 'utf8') };
}

module.exports = { iifeOptions, buildIife, PACKAGE_DIR, ROOT };
