import path from 'node:path';
import { listFiles } from '../test/helpers';
import { packageInfo } from './packageInfo';
import { LANGUAGES, TEMPLATES, writtenName } from './templates';

const templateFiles = (language: keyof typeof TEMPLATES) =>
  listFiles(path.join(packageInfo().dir, 'templates', TEMPLATES[language].dir));

describe.each(LANGUAGES)('the %s template', (language) => {
  it('holds nothing this repository or npm would take as its own', async () => {
    for (const file of await templateFiles(language)) {
      const name = path.posix.basename(file);
      // npm workspaces and Jest's haste map would see a package; npm pack drops .gitignore.
      expect(name).not.toMatch(/^(package\.json|\.gitignore)$/);
      // The repository's Jest runs every *.test.ts(x) of this package.
      expect(name).not.toMatch(/\.test\.[jt]sx?$/);
    }
  });

  it('writes the entry its package.json names', async () => {
    const written = (await templateFiles(language)).map((file) =>
      path.posix.join(path.posix.dirname(file), writtenName(path.posix.basename(file))),
    );
    expect(written).toContain(TEMPLATES[language].entry);
    expect(written).toEqual(expect.arrayContaining(['package.json', '.gitignore', 'README.md']));
  });
});

it('makes the same project in both languages', async () => {
  const base = (files: string[]) =>
    files
      .map((f) => f.replace(/\.[jt]sx$/, ''))
      .filter((f) => f !== 'tsconfig.json')
      .sort();
  expect(base(await templateFiles('javascript'))).toEqual(base(await templateFiles('typescript')));
});
