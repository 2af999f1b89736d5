/**
 * The real binary, as `npx @switchboard/create-plugin` runs it: a child process, without a
 * terminal, in an empty folder. Compares the generated tree for both templates.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listFiles, tempDirs } from './helpers';
import { ensureBuilt, packageDir } from './ensureBuilt';

const tempDir = tempDirs();
const version = (require('../package.json') as { version: string }).version;

beforeAll(() => ensureBuilt(), 60_000);

/** Runs bin/create-plugin.js; stdin is a pipe left open: a prompt would hang until the timeout. */
function createPlugin(
  cwd: string,
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(packageDir, 'bin', 'create-plugin.js'), ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 15_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const devDependencies = {
  '@switchboard/host': `^${version}`,
  '@switchboard/plugin': `^${version}`,
  '@switchboard/plugin-scripts': `^${version}`,
  '@types/react': '^19.0.0',
  react: '^19.0.0',
  'react-redux': '^9.0.0',
};

const expectedPackageJson = (entry: string, extra: Record<string, string>) => ({
  name: 'my-plugin',
  version: '0.1.0',
  private: true,
  scripts: {
    start: 'switchboard-plugin start',
    build: 'switchboard-plugin build',
    test: 'switchboard-plugin test',
  },
  switchboard: {
    plugin: {
      entry,
      target: 'desktop',
      permissions: { actions: ['AcceptTask'], slots: ['TaskCanvas.Header'], origins: [] },
    },
  },
  devDependencies: { ...devDependencies, ...extra },
});

describe.each([
  {
    language: 'typescript',
    flags: [] as string[],
    ext: 'tsx',
    files: [
      '.gitignore',
      'README.md',
      'package.json',
      'src/index.tsx',
      'src/plugin.test.tsx',
      'src/plugin.tsx',
      'tsconfig.json',
    ],
    packageJson: expectedPackageJson('src/index.tsx', { typescript: '6.0.3' }),
  },
  {
    language: 'javascript',
    flags: ['--javascript'],
    ext: 'jsx',
    files: ['.gitignore', 'README.md', 'package.json', 'src/index.jsx', 'src/plugin.jsx', 'src/plugin.test.jsx'],
    packageJson: expectedPackageJson('src/index.jsx', {}),
  },
])('npx @switchboard/create-plugin my-plugin --yes ($language)', ({ flags, ext, files, packageJson }) => {
  it('writes the template, filled in, and says what to do next', async () => {
    const cwd = await tempDir();
    const result = await createPlugin(cwd, 'my-plugin', '--yes', ...flags);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('\nNext:\n  cd my-plugin\n  npm install\n  npm start ');

    const dir = path.join(cwd, 'my-plugin');
    expect(await listFiles(dir)).toEqual(files);
    const read = (file: string) => readFile(path.join(dir, file), 'utf8');
    expect(JSON.parse(await read('package.json'))).toEqual(packageJson);
    expect(await read('.gitignore')).toBe('node_modules\ndist\n.switchboard\n');
    expect(await read(`src/index.${ext}`)).toContain("import plugin from './plugin';\n\nloadPlugin(plugin);\n");
    const plugin = await read(`src/plugin.${ext}`);
    expect(plugin).toContain("name: 'my-plugin',");
    expect(plugin).toContain("api.actions.addListener('beforeAcceptTask'");
    expect(plugin).toContain("api.contributions.add('TaskCanvas.Header'");
    const test = await read(`src/plugin.test.${ext}`);
    expect(test).toMatch(/^\/\*\* @jest-environment jsdom \*\/\n/);
    expect(test).toContain("from '@switchboard/plugin/testing'");
    expect(await read('README.md')).toMatch(/^# My Plugin\n/);
    for (const file of files) expect(await read(file)).not.toMatch(/\{\{\w+\}\}/);
  });
});

it('fails with exit code 1 and one line for a bad name, creating nothing', async () => {
  const cwd = await tempDir();
  const result = await createPlugin(cwd, 'My-Plugin', '--yes');
  expect(result).toEqual({
    code: 1,
    stdout: '',
    stderr: 'error: "My-Plugin" is not a valid npm package name: name can no longer contain capital letters\n',
  });
  expect(await listFiles(cwd)).toEqual([]);
});

it('prints its version and help', async () => {
  const cwd = await tempDir();
  await expect(createPlugin(cwd, '--version')).resolves.toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  const help = await createPlugin(cwd, '--help');
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('Usage: create-plugin [options] [name]');
});
