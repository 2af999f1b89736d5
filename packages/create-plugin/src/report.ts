import path from 'node:path';
import type { CreatedPlugin } from './createPlugin';
import { TEMPLATES } from './templates';

/** A path as a person types it in a shell: relative to `from`, quoted when it has to be. */
export function shellPath(from: string, target: string): string {
  const relative = path.relative(from, target) || '.';
  return /^[\w@%+=:,./-]+$/.test(relative) ? relative : `'${relative.replace(/'/g, `'\\''`)}'`;
}

/** Where `npm install` runs: the workspace root for a workspace plugin, the project otherwise. */
export const installDir = (created: CreatedPlugin): string => created.workspaceRoot ?? created.directory;

/** What was created: the project and its files. */
export function createdText(created: CreatedPlugin, cwd: string): string {
  const where = shellPath(cwd, created.directory);
  const workspace = created.workspaceRoot ? `, a workspace plugin of ${created.workspaceRoot}` : '';
  const files = created.files.map((file) => `  ${file}\n`).join('');
  return `\nCreated ${created.name} (${TEMPLATES[created.language].label}) in ${where}${workspace}:\n${files}`;
}

const step = (command: string, why = '') => (why ? `  ${command.padEnd(22)}${why}\n` : `  ${command}\n`);

/** The commands to run next, from `cwd`. */
export function nextStepsText(created: CreatedPlugin, cwd: string, installed: boolean): string {
  let here = cwd;
  let steps = '';
  const cd = (dir: string) => {
    if (path.resolve(dir) !== path.resolve(here)) steps += step(`cd ${shellPath(here, dir)}`);
    here = dir;
  };
  if (!installed) {
    cd(installDir(created));
    steps += created.workspaceRoot
      ? step('npm install', 'at the repository root: links the new workspace plugin')
      : step('npm install');
  }
  cd(created.directory);
  steps += step('npm start', 'the agent desktop on a local contact center, with the plugin (reloads on save)');
  return (
    `\nNext:\n${steps}` +
    `\nThen:\n` +
    step('npm test', 'its tests (Jest, on a real host)') +
    step('npm run build', 'dist/plugin.js and dist/manifest-entry.json, for a host') +
    '\n'
  );
}

/** How to install by hand after `npm install` failed. */
export function retryInstallText(created: CreatedPlugin, cwd: string, reason: string): string {
  const dir = shellPath(cwd, installDir(created));
  const retry = dir === '.' ? 'npm install' : `cd ${dir} && npm install`;
  return `error: npm install failed (${reason}); the project is complete: install its dependencies with \`${retry}\`\n`;
}
