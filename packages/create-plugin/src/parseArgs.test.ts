import { captureOutput } from '../test/helpers';
import { parseArgs, type CliFlags } from './parseArgs';

const parse = (...argv: string[]) => {
  const stdout = captureOutput();
  const stderr = captureOutput();
  const parsed = parseArgs(argv, { version: '9.8.7', stdout, stderr });
  return { parsed, stdout: stdout.text(), stderr: stderr.text() };
};

const flags = (overrides: Partial<CliFlags> = {}): CliFlags => ({
  name: undefined,
  language: undefined,
  yes: false,
  install: undefined,
  directory: undefined,
  monorepo: undefined,
  ...overrides,
});

describe('parseArgs', () => {
  it('leaves undefined what the command line does not say', () => {
    expect(parse().parsed).toEqual({ kind: 'run', flags: flags() });
  });

  it('reads the name and every flag', () => {
    expect(parse('my-plugin', '--javascript', '--yes', '--install', '--directory', 'x/y', '--monorepo').parsed).toEqual(
      {
        kind: 'run',
        flags: flags({
          name: 'my-plugin',
          language: 'javascript',
          yes: true,
          install: true,
          directory: 'x/y',
          monorepo: true,
        }),
      },
    );
    expect(parse('@acme/crm', '--typescript', '-y', '-d', 'out', '--no-install', '--no-monorepo').parsed).toEqual({
      kind: 'run',
      flags: flags({
        name: '@acme/crm',
        language: 'typescript',
        yes: true,
        install: false,
        directory: 'out',
        monorepo: false,
      }),
    });
  });

  it('prints help and the version to stdout, exit code 0', () => {
    const help = parse('--help');
    expect(help.parsed).toEqual({ kind: 'exit', code: 0 });
    expect(help.stdout).toMatch(/^Usage: create-plugin \[options\] \[name\]/);
    for (const flag of [
      '--typescript',
      '--javascript',
      '--yes',
      '--install',
      '--no-install',
      '--directory <dir>',
      '--monorepo',
      '--no-monorepo',
      '--version',
      '--help',
    ]) {
      expect(help.stdout).toContain(flag);
    }
    expect(parse('-v')).toEqual({ parsed: { kind: 'exit', code: 0 }, stdout: '9.8.7\n', stderr: '' });
  });

  it.each([
    [['--bogus'], "error: unknown option '--bogus'\n"],
    [['a', 'b'], 'error: too many arguments. Expected 1 argument but got 2.\n'],
    [['a', '--typescript', '--javascript'], "error: option '--typescript' cannot be used with option '--javascript'\n"],
    [['a', '--directory'], "error: option '-d, --directory <dir>' argument missing\n"],
  ])('refuses %j with one line on stderr, exit code 1', (argv, message) => {
    expect(parse(...argv)).toEqual({ parsed: { kind: 'exit', code: 1 }, stdout: '', stderr: message });
  });
});
