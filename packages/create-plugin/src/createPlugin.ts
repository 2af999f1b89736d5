import * as fs from 'node:fs/promises';
import path from 'node:path';
import type { ScaffoldFs } from './copyTemplate';
import { CreatePluginError } from './errors';
import { packageInfo } from './packageInfo';
import { scaffold } from './scaffold';
import { TEMPLATES, type Language } from './templates';
import { titleOf, unscopedName, validatePluginName } from './validatePluginName';

/** Options of {@link createPlugin}. */
export interface CreatePluginOptions {
  /**
   * The plugin's name: its npm package name and the name it registers with the host
   * (`my-plugin`, `@acme/crm-badge`).
   */
  name: string;
  /** The template. Default `typescript`. */
  language?: Language;
  /**
   * The project folder to create, relative to `cwd`; it may exist if it is empty. Default
   * `<name without scope>`, or `<workspaceRoot>/plugins/<name without scope>`.
   */
  directory?: string;
  /** What relative paths are relative to. Default `process.cwd()`. */
  cwd?: string;
  /**
   * Create a workspace plugin of the npm workspace at this root (see `findWorkspaceRoot`): by
   * default in its `plugins/` folder, depending on the exact version of the Switchboard
   * packages that the workspace links.
   */
  workspaceRoot?: string;
}

/** What {@link createPlugin} made. */
export interface CreatedPlugin {
  name: string;
  language: Language;
  /** The project folder (absolute). */
  directory: string;
  /** The files written, relative to `directory`, `/`-separated, sorted. */
  files: string[];
  /** The version range of `@switchboard/*` written into its package.json. */
  switchboardVersion: string;
  /** The workspace root, for a workspace plugin. */
  workspaceRoot: string | undefined;
}

/**
 * Creates a plugin project from a template, all or nothing: a bad name, a non-empty target
 * folder or a failed write throws a {@link CreatePluginError} and leaves nothing behind. It
 * does not install dependencies.
 *
 * @example
 * const created = await createPlugin({ name: 'crm-badge', language: 'typescript' });
 * created.directory; // '/home/ada/crm-badge'
 */
export async function createPlugin(options: CreatePluginOptions): Promise<CreatedPlugin> {
  return createPluginWith(fs, options);
}

/** {@link createPlugin} with the file system given (tests inject failures). */
export async function createPluginWith(fileSystem: ScaffoldFs, options: CreatePluginOptions): Promise<CreatedPlugin> {
  const { name, language = 'typescript', cwd = process.cwd(), workspaceRoot } = options;
  const problem = validatePluginName(name);
  if (problem) throw new CreatePluginError('INVALID_NAME', problem);
  const template = TEMPLATES[language];
  if (!template) throw new TypeError(`createPlugin: unknown language ${JSON.stringify(language)}`);

  const directory =
    options.directory !== undefined
      ? path.resolve(cwd, options.directory)
      : workspaceRoot !== undefined
        ? path.join(workspaceRoot, 'plugins', unscopedName(name))
        : path.resolve(cwd, unscopedName(name));
  const { dir, version } = packageInfo();
  // All Switchboard packages share one version: this package's. A workspace links its own
  // packages, which satisfy the exact version; a project on its own takes compatible updates.
  const switchboardVersion = workspaceRoot !== undefined ? version : `^${version}`;
  const files = await scaffold(fileSystem, {
    templateDir: path.join(dir, 'templates', template.dir),
    target: directory,
    placeholders: { name, title: titleOf(name), switchboardVersion },
  });
  return { name, language, directory, files, switchboardVersion, workspaceRoot };
}
