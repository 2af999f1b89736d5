/**
 * The generated projects' own tests pass, against the real test kit
 * (`@switchboard/plugin/testing`), and the TypeScript project type-checks. Both projects are
 * generated into a temporary folder whose node_modules is this repository's, then Jest runs
 * them in a child process: with @switchboard/plugin-scripts' preset once that package has
 * one, with an equivalent minimal configuration until then.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathsToModuleNameMapper } from 'ts-jest';
import { createPlugin } from '../src/createPlugin';
import { repoRoot } from './ensureBuilt';
import { tempDirs } from './helpers';

const tempDir = tempDirs();
const preset = path.join(repoRoot, 'packages', 'plugin-scripts', 'jest-preset.cjs');
const { compilerOptions } = require(path.join(repoRoot, 'tsconfig.base.json')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
/** `@switchboard/*` from the sources: the tests need no build of the host. */
const sourcePaths = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([name, [target]]) => [name, [path.join(repoRoot, target!)]]),
);

/** What plugin-scripts' preset does: ts-jest for TS and JS (JSX for React), jsdom by docblock. */
const minimalPreset = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.test.[jt]s?(x)'],
  transform: {
    '^.+\\.[jt]sx?$': [
      'ts-jest',
      {
        tsconfig: {
          jsx: 'react-jsx',
          allowJs: true,
          module: 'commonjs',
          target: 'es2022',
          esModuleInterop: true,
          isolatedModules: true,
          skipLibCheck: true,
        },
      },
    ],
  },
};

const jestProject = (rootDir: string) => ({
  displayName: path.basename(rootDir),
  rootDir,
  ...(existsSync(preset) ? { preset } : minimalPreset),
  moduleNameMapper: pathsToModuleNameMapper(sourcePaths),
});

const run = (args: string[], cwd: string) =>
  new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd, timeout: 90_000, env: { ...process.env, FORCE_COLOR: '0' } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });

it('generates projects whose own tests pass on the real host, and whose TypeScript checks', async () => {
  const dir = await tempDir();
  // The projects resolve react, jest, ts-jest and @switchboard/* from this repository.
  await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
  const ts = await createPlugin({ name: 'ts-plugin', language: 'typescript', cwd: dir });
  const js = await createPlugin({ name: '@acme/js-plugin', language: 'javascript', cwd: dir });

  // The TS project's own tsconfig, with @switchboard/* from the sources.
  await writeFile(
    path.join(ts.directory, 'tsconfig.check.json'),
    JSON.stringify({ extends: './tsconfig.json', compilerOptions: { rootDir: '/', paths: sourcePaths } }),
  );
  const config = JSON.stringify({ projects: [jestProject(ts.directory), jestProject(js.directory)] });
  const [jest, tsc] = await Promise.all([
    run([require.resolve('jest/bin/jest'), '--config', config, '--ci', '--no-watchman'], dir),
    run([require.resolve('typescript/bin/tsc'), '-p', path.join(ts.directory, 'tsconfig.check.json')], dir),
  ]);

  // The output, when it fails, says why.
  expect({ code: jest.code, summary: jest.output.match(/^Tests: .*$/m)?.[0] ?? jest.output }).toEqual({
    code: 0,
    summary: expect.stringMatching(/^Tests: +2 passed, 2 total$/),
  });
  expect(jest.output).toContain('PASS ts-plugin ts-plugin/src/plugin.test.tsx');
  expect(jest.output).toContain('PASS js-plugin js-plugin/src/plugin.test.jsx');
  expect(tsc).toEqual({ code: 0, output: '' });
}, 90_000);
