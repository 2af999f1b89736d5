import * as realFs from 'node:fs/promises';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { listFiles, tempDirs } from '../test/helpers';
import { fillPlaceholders, type ScaffoldFs } from './copyTemplate';
import { CreatePluginError } from './errors';
import { scaffold } from './scaffold';
import { writtenName } from './templates';

const tempDir = tempDirs();

/** A small template: a renamed file, a placeholder, a nested folder, a binary file. */
async function makeTemplate(root: string): Promise<string> {
  const dir = path.join(root, 'template');
  await mkdir(path.join(dir, 'src'), { recursive: true });
  await writeFile(path.join(dir, '_gitignore'), 'dist\n');
  await writeFile(path.join(dir, '_package.json'), '{ "name": "{{name}}" }\n');
  await writeFile(
    path.join(dir, 'src', 'a.tsx'),
    "export const style = {{ color: 'red' }}; // {{title}} {{unknown}}\n",
  );
  await writeFile(path.join(dir, 'src', 'a.test.template.tsx'), '// {{name}}\n');
  await writeFile(path.join(dir, 'icon.bin'), Buffer.from([0, 123, 123, 110, 97, 109, 101, 125, 125]));
  return dir;
}

/** The real file system, except that the `n`th writeFile fails. */
function failingOnWrite(n: number): ScaffoldFs & { writes: string[] } {
  const writes: string[] = [];
  return {
    ...realFs,
    writes,
    writeFile: async (...args: Parameters<typeof realFs.writeFile>) => {
      writes.push(String(args[0]));
      if (writes.length === n) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return realFs.writeFile(...args);
    },
  } as ScaffoldFs & { writes: string[] };
}

const placeholders = { name: 'my-plugin', title: 'My Plugin' };

it('renames, fills placeholders in text files and copies binary files as they are', async () => {
  const root = await tempDir();
  const target = path.join(root, 'out');
  const files = await scaffold(realFs, { templateDir: await makeTemplate(root), target, placeholders });
  expect(files).toEqual(['.gitignore', 'icon.bin', 'package.json', 'src/a.test.tsx', 'src/a.tsx']);
  expect(await listFiles(target)).toEqual(files);
  expect(await readFile(path.join(target, 'package.json'), 'utf8')).toBe('{ "name": "my-plugin" }\n');
  expect(await readFile(path.join(target, 'src/a.tsx'), 'utf8')).toBe(
    "export const style = {{ color: 'red' }}; // My Plugin {{unknown}}\n",
  );
  expect([...(await readFile(path.join(target, 'icon.bin')))]).toEqual([0, 123, 123, 110, 97, 109, 101, 125, 125]);
  // No temporary folder is left next to the project.
  expect(await readdir(root)).toEqual(['out', 'template']);
});

it('removes everything it made when a write fails mid-copy', async () => {
  const root = await tempDir();
  const templateDir = await makeTemplate(root);
  const target = path.join(root, 'new', 'parents', 'out');
  const fs = failingOnWrite(3);
  const error = await scaffold(fs, { templateDir, target, placeholders }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CreatePluginError);
  expect(error).toMatchObject({
    code: 'WRITE_FAILED',
    message: `could not write ${target}: ENOSPC: no space left on device (nothing was left behind)`,
  });
  expect(fs.writes).toHaveLength(3);
  // The files written before the failure went to a temporary folder next to the target…
  expect(path.dirname(path.dirname(fs.writes[0]!))).toBe(path.dirname(target));
  // …which is gone, with the parent folders this call created.
  expect(await readdir(root)).toEqual(['template']);
});

it('fills an existing empty folder and keeps it if a write fails', async () => {
  const root = await tempDir();
  const templateDir = await makeTemplate(root);
  const target = path.join(root, 'empty');
  await mkdir(target);
  await expect(scaffold(failingOnWrite(2), { templateDir, target, placeholders })).rejects.toThrow(
    'no space left on device',
  );
  expect(await readdir(root)).toEqual(['empty', 'template']);
  expect(await readdir(target)).toEqual([]);

  await scaffold(realFs, { templateDir, target, placeholders });
  expect(await listFiles(target)).toHaveLength(5);
  expect(await readdir(root)).toEqual(['empty', 'template']);
});

it('refuses a non-empty folder or a file, touching nothing', async () => {
  const root = await tempDir();
  const templateDir = await makeTemplate(root);
  const full = path.join(root, 'full');
  await mkdir(full);
  await writeFile(path.join(full, 'notes.txt'), 'mine');
  await expect(scaffold(realFs, { templateDir, target: full, placeholders })).rejects.toMatchObject({
    code: 'TARGET_NOT_EMPTY',
    message: `${full} is not empty (1 entry): choose another name or --directory, or empty it`,
  });
  await writeFile(path.join(root, 'file'), '');
  await expect(scaffold(realFs, { templateDir, target: path.join(root, 'file'), placeholders })).rejects.toMatchObject({
    code: 'TARGET_NOT_EMPTY',
    message: `${path.join(root, 'file')} exists and is not a folder: choose another name or --directory`,
  });
  expect((await readdir(root)).sort()).toEqual(['file', 'full', 'template']);
  expect(await readdir(full)).toEqual(['notes.txt']);
});

describe('template names and placeholders', () => {
  it.each([
    ['_gitignore', '.gitignore'],
    ['_package.json', 'package.json'],
    ['plugin.test.template.tsx', 'plugin.test.tsx'],
    ['plugin.test.template.jsx', 'plugin.test.jsx'],
    ['plugin.tsx', 'plugin.tsx'],
    ['README.md', 'README.md'],
  ])('writes %s as %s', (from, to) => {
    expect(writtenName(from)).toBe(to);
  });

  it('fills only {{word}} placeholders it knows', () => {
    expect(fillPlaceholders('{{name}}/{{name}} {{ name }} {{other}}', { name: 'x' })).toBe('x/x {{ name }} {{other}}');
  });
});

it('undoes a half-done move into an existing empty folder', async () => {
  const root = await tempDir();
  const templateDir = await makeTemplate(root);
  const target = path.join(root, 'empty');
  await mkdir(target);
  let renames = 0;
  const fs = {
    ...realFs,
    rename: async (from: string, to: string) => {
      if (++renames === 3) throw new Error('EXDEV: cross-device link not permitted');
      return realFs.rename(from, to);
    },
  } as ScaffoldFs;
  await expect(scaffold(fs, { templateDir, target, placeholders })).rejects.toMatchObject({ code: 'WRITE_FAILED' });
  expect(await readdir(target)).toEqual([]);
  expect(await readdir(root)).toEqual(['empty', 'template']);
});
