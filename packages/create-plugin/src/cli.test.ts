import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { captureOutput, listFiles, scriptedPrompts, tempDirs, type ScriptedPrompts } from '../test/helpers';
import { main, type CliIo } from './cli';
import { packageInfo } from './packageInfo';

const tempDir = tempDirs();
const { version } = packageInfo();

const TS_FILES = [
  '.gitignore',
  'README.md',
  'package.json',
  'src/index.tsx',
  'src/plugin.test.tsx',
  'src/plugin.tsx',
  'tsconfig.json',
];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  prompts: ScriptedPrompts;
  commands: { command: string; args: readonly string[]; cwd: string }[];
}

/**
 * Runs main() in `cwd` with fakes: a terminal or not (default not), scripted answers, and a
 * `run` that records commands and exits with `runExit` (or throws it).
 */
async function run(
  cwd: string,
  argv: string[],
  options: { tty?: boolean; prompts?: ScriptedPrompts; runExit?: number | Error } = {},
): Promise<Run> {
  const stdout = captureOutput(options.tty ?? false);
  const stderr = captureOutput();
  const prompts = options.prompts ?? scriptedPrompts();
  const commands: Run['commands'] = [];
  const io: CliIo = {
    cwd,
    stdinIsTTY: options.tty ?? false,
    stdout,
    stderr,
    prompts,
    run: async (command, args, { cwd: at }) => {
      commands.push({ command, args, cwd: at });
      if (options.runExit instanceof Error) throw options.runExit;
      return options.runExit ?? 0;
    },
  };
  const code = await main(argv, io);
  return { code, stdout: stdout.text(), stderr: stderr.text(), prompts, commands };
}

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;

describe('without a terminal (CI, pipes)', () => {
  it('asks nothing and uses the defaults: TypeScript, no install', async () => {
    const cwd = await tempDir();
    const result = await run(cwd, ['my-plugin']);
    expect(result).toMatchObject({ code: 0, stderr: '', commands: [] });
    expect(result.prompts.asked).toEqual([]);
    expect(await listFiles(path.join(cwd, 'my-plugin'))).toEqual(TS_FILES);
    expect(result.stdout).toBe(
      [
        '',
        'Created my-plugin (TypeScript) in my-plugin:',
        ...TS_FILES.map((f) => `  ${f}`),
        '',
        'Next:',
        '  cd my-plugin',
        '  npm install',
        '  npm start             the agent desktop on a local contact center, with the plugin (reloads on save)',
        '',
        'Then:',
        '  npm test              its tests (Jest, on a real host)',
        '  npm run build         dist/plugin.js and dist/manifest-entry.json, for a host',
        '',
        '',
      ].join('\n'),
    );
  });

  it('fails in one line when no name is given, creating nothing', async () => {
    const cwd = await tempDir();
    const result = await run(cwd, []);
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        'error: no plugin name: give one, as in `create-plugin my-plugin` (nothing is asked without a terminal)\n',
    });
    expect(result.prompts.asked).toEqual([]);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('asks nothing when only stdout is a terminal', async () => {
    const cwd = await tempDir();
    const stdout = captureOutput(true);
    const prompts = scriptedPrompts();
    const code = await main(['x'], { cwd, stdinIsTTY: false, stdout, stderr: captureOutput(), prompts });
    expect(code).toBe(0);
    expect(prompts.asked).toEqual([]);
  });
});

describe('on a terminal', () => {
  it('asks for the name, the language and whether to install', async () => {
    const cwd = await tempDir();
    const prompts = scriptedPrompts({ input: ['crm-badge'], select: ['javascript'], confirm: [true] });
    const result = await run(cwd, [], { tty: true, prompts });
    expect(result.code).toBe(0);
    expect(prompts.asked).toEqual([
      'input: Plugin name (its package name):',
      'select: Language:',
      'confirm: Install dependencies with npm now?',
    ]);
    expect(await listFiles(path.join(cwd, 'crm-badge'))).toContain('src/plugin.jsx');
    expect(result.commands).toEqual([{ command: 'npm', args: ['install'], cwd: path.join(cwd, 'crm-badge') }]);
    // Installed: the next steps do not say to install.
    expect(result.stdout).toContain('\nNext:\n  cd crm-badge\n  npm start ');
  });

  it('asks only what the flags do not say', async () => {
    const cwd = await tempDir();
    const prompts = scriptedPrompts({ select: ['typescript'] });
    const result = await run(cwd, ['my-plugin', '--no-install'], { tty: true, prompts });
    expect(result.code).toBe(0);
    expect(prompts.asked).toEqual(['select: Language:']);
    expect(result.commands).toEqual([]);
  });

  it('asks nothing with --yes', async () => {
    const cwd = await tempDir();
    const result = await run(cwd, ['my-plugin', '--yes'], { tty: true });
    expect(result.code).toBe(0);
    expect(result.prompts.asked).toEqual([]);
    expect(result.commands).toEqual([]);
  });

  it('checks the name as it is typed', async () => {
    const cwd = await tempDir();
    const verdicts: (true | string)[] = [];
    const prompts = scriptedPrompts({ select: ['typescript'], confirm: [false] });
    prompts.input = async ({ validate }) => {
      verdicts.push(validate!('Bad Name'), validate!('@acme/_x'), validate!(' good-name '));
      return ' good-name ';
    };
    expect((await run(cwd, [], { tty: true, prompts })).code).toBe(0);
    expect(verdicts).toEqual([
      '"Bad Name" is not a valid npm package name: name can only contain URL-friendly characters; name can no longer contain capital letters',
      '"@acme/_x" is not a valid plugin name: use lowercase letters, digits, ".", "_" and "-", starting with a letter or digit, optionally scoped (@scope/name)',
      true,
    ]);
    expect(await readdir(cwd)).toEqual(['good-name']);
  });

  it('exits with 130 when the person cancels a question, creating nothing', async () => {
    const cwd = await tempDir();
    const cancel = Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
    const prompts = scriptedPrompts({ input: ['my-plugin'] });
    prompts.select = async () => {
      throw cancel;
    };
    const result = await run(cwd, [], { tty: true, prompts });
    expect(result).toMatchObject({ code: 130, stdout: '', stderr: 'Cancelled: nothing was created.\n' });
    expect(await readdir(cwd)).toEqual([]);
  });
});

describe('refusals', () => {
  it('refuses a bad name in one line, exit code 1', async () => {
    const cwd = await tempDir();
    const result = await run(cwd, ['My-Plugin']);
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'error: "My-Plugin" is not a valid npm package name: name can no longer contain capital letters\n',
    });
    expect(await readdir(cwd)).toEqual([]);
  });

  it('refuses a non-empty target folder, leaving it as it was', async () => {
    const cwd = await tempDir();
    await mkdir(path.join(cwd, 'my-plugin'));
    await writeFile(path.join(cwd, 'my-plugin', 'keep.txt'), 'mine');
    const result = await run(cwd, ['my-plugin']);
    expect(result).toMatchObject({
      code: 1,
      stderr: `error: ${path.join(cwd, 'my-plugin')} is not empty (1 entry): choose another name or --directory, or empty it\n`,
    });
    expect(await readdir(cwd)).toEqual(['my-plugin']);
    expect(await readdir(path.join(cwd, 'my-plugin'))).toEqual(['keep.txt']);
  });

  it('fills an empty existing folder', async () => {
    const cwd = await tempDir();
    await mkdir(path.join(cwd, 'my-plugin'));
    expect((await run(cwd, ['my-plugin'])).code).toBe(0);
    expect(await listFiles(path.join(cwd, 'my-plugin'))).toEqual(TS_FILES);
  });
});

describe('where and what', () => {
  it('writes the name and the Switchboard version into the project', async () => {
    const cwd = await tempDir();
    expect((await run(cwd, ['@acme/crm-badge', '--javascript'])).code).toBe(0);
    const dir = path.join(cwd, 'crm-badge');
    expect(await readJson(path.join(dir, 'package.json'))).toMatchObject({
      name: '@acme/crm-badge',
      private: true,
      switchboard: { plugin: { entry: 'src/index.jsx', target: 'desktop' } },
      devDependencies: {
        '@switchboard/host': `^${version}`,
        '@switchboard/plugin': `^${version}`,
        '@switchboard/plugin-scripts': `^${version}`,
      },
    });
    expect(await readFile(path.join(dir, 'src/plugin.jsx'), 'utf8')).toContain("name: '@acme/crm-badge',");
    expect(await readFile(path.join(dir, 'README.md'), 'utf8')).toMatch(/^# Crm Badge\n/);
  });

  it('creates the project in --directory, relative to the current folder', async () => {
    const cwd = await tempDir();
    const result = await run(cwd, ['my-plugin', '--directory', 'work/plugins/mine']);
    expect(result.code).toBe(0);
    expect(await listFiles(path.join(cwd, 'work/plugins/mine'))).toEqual(TS_FILES);
    expect(result.stdout).toContain('Created my-plugin (TypeScript) in work/plugins/mine:\n');
    expect(result.stdout).toContain('\n  cd work/plugins/mine\n');
  });

  it('quotes a folder with spaces in the commands it prints', async () => {
    const cwd = await tempDir();
    const result = await run(cwd, ['my-plugin', '-d', 'my plugin']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("\n  cd 'my plugin'\n");
  });

  it('runs npm install with --install, and says how to retry when it fails, keeping the project', async () => {
    const cwd = await tempDir();
    const ok = await run(cwd, ['a', '--install']);
    expect(ok.code).toBe(0);
    expect(ok.commands).toEqual([{ command: 'npm', args: ['install'], cwd: path.join(cwd, 'a') }]);
    expect(ok.stdout).toContain('\nInstalling dependencies: npm install in a\n');

    const failed = await run(cwd, ['b', '--install'], { runExit: 1 });
    expect(failed).toMatchObject({
      code: 1,
      stderr:
        'error: npm install failed (exit code 1); the project is complete: install its dependencies with `cd b && npm install`\n',
    });
    expect(failed.stdout).not.toContain('Next:');
    expect(await listFiles(path.join(cwd, 'b'))).toEqual(TS_FILES);

    const missing = await run(cwd, ['c', '--install'], { runExit: new Error('spawn npm ENOENT') });
    expect(missing).toMatchObject({
      code: 1,
      stderr:
        'error: npm install failed (spawn npm ENOENT); the project is complete: install its dependencies with `cd c && npm install`\n',
    });
  });
});

describe('monorepo mode', () => {
  /** A repository like this one: a root package.json whose workspaces include plugins/*. */
  async function fakeRepo(): Promise<string> {
    const root = await tempDir('create-plugin-repo-');
    await writeFile(
      path.join(root, 'package.json'),
      JSON.stringify({ name: 'repo', private: true, workspaces: ['packages/*', 'plugins/*'] }),
    );
    await mkdir(path.join(root, 'packages', 'host'), { recursive: true });
    return root;
  }

  it('--monorepo creates a workspace plugin in <root>/plugins with the exact versions', async () => {
    const root = await fakeRepo();
    // As the repository's `npm run create-plugin -- my-plugin` runs it.
    const result = await run(root, ['--monorepo', 'my-plugin']);
    expect(result.code).toBe(0);
    const dir = path.join(root, 'plugins', 'my-plugin');
    expect(await listFiles(dir)).toEqual(TS_FILES);
    const pkg = await readJson(path.join(dir, 'package.json'));
    expect(pkg).toMatchObject({
      name: 'my-plugin',
      private: true,
      devDependencies: {
        '@switchboard/host': version,
        '@switchboard/plugin': version,
        '@switchboard/plugin-scripts': version,
      },
    });
    expect(result.stdout).toContain(
      `Created my-plugin (TypeScript) in plugins/my-plugin, a workspace plugin of ${root}:`,
    );
    expect(result.stdout).toContain(
      '\nNext:\n' +
        '  npm install           at the repository root: links the new workspace plugin\n' +
        '  cd plugins/my-plugin\n' +
        '  npm start ',
    );
  });

  it('finds the root from a folder inside it, and installs there', async () => {
    const root = await fakeRepo();
    const cwd = path.join(root, 'packages', 'host');
    const result = await run(cwd, ['@acme/crm', '--monorepo', '--install']);
    expect(result.code).toBe(0);
    expect(await listFiles(path.join(root, 'plugins', 'crm'))).toEqual(TS_FILES);
    expect(result.commands).toEqual([{ command: 'npm', args: ['install'], cwd: root }]);
    expect(result.stdout).toContain('\nNext:\n  cd ../../plugins/crm\n  npm start ');
  });

  it('is the default inside such a workspace; --no-monorepo and --directory opt out', async () => {
    const root = await fakeRepo();
    expect((await run(root, ['auto'])).code).toBe(0);
    expect(await readdir(path.join(root, 'plugins'))).toEqual(['auto']);

    expect((await run(root, ['alone', '--no-monorepo'])).code).toBe(0);
    expect(await readJson(path.join(root, 'alone', 'package.json'))).toMatchObject({
      devDependencies: { '@switchboard/plugin': `^${version}` },
    });

    expect((await run(root, ['elsewhere', '--directory', 'examples/elsewhere'])).code).toBe(0);
    expect(await listFiles(path.join(root, 'examples', 'elsewhere'))).toEqual(TS_FILES);
  });

  it('--monorepo outside a workspace fails in one line', async () => {
    const cwd = await tempDir();
    const result = await run(cwd, ['my-plugin', '--monorepo']);
    expect(result).toMatchObject({
      code: 1,
      stderr: `error: --monorepo: no npm workspace with "plugins/*" at or above ${cwd} (its root package.json lists its "workspaces")\n`,
    });
    expect(await readdir(cwd)).toEqual([]);
  });
});
