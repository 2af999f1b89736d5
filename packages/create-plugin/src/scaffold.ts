import path from 'node:path';
import { copyTemplate, type Placeholders, type ScaffoldFs } from './copyTemplate';
import { CreatePluginError } from './errors';

/** What {@link scaffold} writes where. */
export interface ScaffoldOptions {
  /** The template folder to copy. */
  templateDir: string;
  /** The project folder to create (absolute). It may exist if it is empty. */
  target: string;
  placeholders: Placeholders;
}

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | null)?.code;

/** Throws `TARGET_NOT_EMPTY` unless `target` is missing or an empty folder; says whether it exists. */
async function checkTarget(fs: ScaffoldFs, target: string): Promise<boolean> {
  let stats;
  try {
    stats = await fs.stat(target);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
  if (!stats.isDirectory()) {
    throw new CreatePluginError(
      'TARGET_NOT_EMPTY',
      `${target} exists and is not a folder: choose another name or --directory`,
    );
  }
  const entries = await fs.readdir(target);
  if (entries.length > 0) {
    throw new CreatePluginError(
      'TARGET_NOT_EMPTY',
      `${target} is not empty (${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}): choose another name or --directory, or empty it`,
    );
  }
  return true;
}

/**
 * Moves the finished project from `temp` to `target`. A new folder is one rename (atomic); an
 * existing empty folder is kept (it may be the shell's current folder) and filled entry by
 * entry, undone if a move fails.
 */
async function moveIntoPlace(fs: ScaffoldFs, temp: string, target: string, targetExists: boolean): Promise<void> {
  if (!targetExists) {
    await fs.rename(temp, target);
    return;
  }
  const moved: string[] = [];
  try {
    for (const entry of await fs.readdir(temp)) {
      await fs.rename(path.join(temp, entry), path.join(target, entry));
      moved.push(entry);
    }
  } catch (error) {
    await Promise.all(moved.map((entry) => fs.rm(path.join(target, entry), { recursive: true, force: true })));
    throw error;
  }
  await fs.rmdir(temp);
}

/**
 * Writes a project from a template, all or nothing: the files go to a temporary folder next
 * to `target`, which is then moved into place. On any failure everything this call made (the
 * temporary folder, parent folders it created) is removed and `target` is as it was.
 * Returns the written files, relative to `target`.
 */
export async function scaffold(
  fs: ScaffoldFs,
  { templateDir, target, placeholders }: ScaffoldOptions,
): Promise<string[]> {
  const targetExists = await checkTarget(fs, target);
  const parent = path.dirname(target);
  let createdParent: string | undefined;
  let temp: string | undefined;
  try {
    createdParent = await fs.mkdir(parent, { recursive: true });
    // Next to the target: same file system, so the final move is a rename.
    temp = await fs.mkdtemp(path.join(parent, `.${path.basename(target)}-`));
    const files = await copyTemplate(fs, templateDir, temp, placeholders);
    await moveIntoPlace(fs, temp, target, targetExists);
    return files;
  } catch (error) {
    if (temp) await fs.rm(temp, { recursive: true, force: true });
    if (createdParent) await fs.rm(createdParent, { recursive: true, force: true });
    if (error instanceof CreatePluginError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new CreatePluginError('WRITE_FAILED', `could not write ${target}: ${reason} (nothing was left behind)`, {
      cause: error,
    });
  }
}
