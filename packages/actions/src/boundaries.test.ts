/**
 * Package boundaries: the core entry has zero runtime dependencies and never pulls in
 * Redux Toolkit (only the `./redux` subpath may); no eval / new Function anywhere (CSP).
 */
import { buildSync } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

function bundleInputs(entry: string): string[] {
  const result = buildSync({
    entryPoints: [path.join(__dirname, entry)],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
    // Anything outside this package would show up as an input (or fail to resolve).
    external: ['@reduxjs/toolkit'],
    alias: { '@switchboard/actions': path.join(__dirname, 'index.ts') },
  });
  return [
    ...Object.keys(result.metafile.inputs),
    ...Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path)),
  ];
}

describe('package boundaries', () => {
  it('the core entry imports nothing outside its own sources', () => {
    const inputs = bundleInputs('index.ts');
    expect(inputs.length).toBeGreaterThan(3);
    expect(inputs.filter((i) => i.includes('node_modules') || i.includes('redux'))).toEqual([]);
  });

  it('the redux subpath imports Redux Toolkit', () => {
    expect(bundleInputs('redux/index.ts')).toContain('@reduxjs/toolkit');
  });

  it('no source uses eval or new Function', () => {
    const files = (readdirSync(__dirname, { recursive: true }) as string[]).filter(
      (f) => f.endsWith('.ts') && !f.includes('.test'),
    );
    for (const f of files) {
      expect(readFileSync(path.join(__dirname, f), 'utf8')).not.toMatch(/\beval\(|new Function\(/);
    }
  });
});
