import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The workspace pattern plugins live under in a Switchboard-style repository. */
export const PLUGINS_WORKSPACE = 'plugins/*';

const workspacesOf = (pkg: unknown): unknown => {
  const workspaces = (pkg as { workspaces?: unknown } | null)?.workspaces;
  // npm's array, or Yarn's { packages: [...] }.
  return Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | undefined)?.packages;
};

/**
 * The root of the npm workspace that `from` is in, if that workspace holds plugins: the
 * nearest folder at or above `from` whose package.json lists `"plugins/*"` in `workspaces`.
 *
 * @example
 * await findWorkspaceRoot('/work/switchboard/packages/host'); // '/work/switchboard'
 */
export async function findWorkspaceRoot(from: string): Promise<string | undefined> {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    let text: string | undefined;
    try {
      text = await readFile(path.join(dir, 'package.json'), 'utf8');
    } catch {
      // No package.json here: look further up.
    }
    if (text !== undefined) {
      let pkg: unknown;
      try {
        pkg = JSON.parse(text);
      } catch {
        pkg = undefined;
      }
      const workspaces = workspacesOf(pkg);
      if (Array.isArray(workspaces) && workspaces.includes(PLUGINS_WORKSPACE)) return dir;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
