import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDirs } from '../test/helpers';
import { findWorkspaceRoot } from './findWorkspaceRoot';

const tempDir = tempDirs();

it('finds the nearest workspace root with plugins/* at or above a folder', async () => {
  const root = await tempDir();
  const deep = path.join(root, 'packages', 'a', 'src');
  await mkdir(deep, { recursive: true });
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ workspaces: ['packages/*', 'plugins/*'] }));
  // A package in between, and one with unreadable JSON, do not stop the search.
  await writeFile(path.join(root, 'packages', 'a', 'package.json'), JSON.stringify({ name: 'a' }));
  await writeFile(path.join(root, 'packages', 'package.json'), '{ not json');
  expect(await findWorkspaceRoot(deep)).toBe(root);
  expect(await findWorkspaceRoot(root)).toBe(root);
});

it("reads Yarn's { packages } form, and finds nothing without plugins/*", async () => {
  const yarn = await tempDir();
  await writeFile(path.join(yarn, 'package.json'), JSON.stringify({ workspaces: { packages: ['plugins/*'] } }));
  expect(await findWorkspaceRoot(yarn)).toBe(yarn);

  const other = await tempDir();
  await writeFile(path.join(other, 'package.json'), JSON.stringify({ workspaces: ['packages/*'] }));
  expect(await findWorkspaceRoot(other)).toBeUndefined();
});
