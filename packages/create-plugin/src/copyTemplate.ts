import type * as fsPromises from 'node:fs/promises';
import path from 'node:path';
import { writtenName } from './templates';

/** The file-system calls scaffolding makes (injected by tests to fail on purpose). */
export type ScaffoldFs = Pick<
  typeof fsPromises,
  'readdir' | 'readFile' | 'writeFile' | 'mkdir' | 'mkdtemp' | 'rename' | 'rm' | 'rmdir' | 'stat'
>;

/** Values of the `{{placeholders}}` of template files. */
export type Placeholders = Readonly<Record<string, string>>;

/** `{{name}}`-style placeholders; anything else in braces (JSX's `{{ … }}`) is left alone. */
const PLACEHOLDER = /\{\{([A-Za-z]+)\}\}/g;

/** Fills the known placeholders of `text`. */
export const fillPlaceholders = (text: string, values: Placeholders): string =>
  text.replace(PLACEHOLDER, (match, key: string) => values[key] ?? match);

// Binary files (an icon a template may gain) are copied byte for byte.
const isText = (bytes: Buffer): boolean => !bytes.includes(0);

/**
 * Copies the template folder `from` into the existing folder `to`: names through
 * `writtenName`, placeholders filled in text files. Returns the written files, relative to
 * `to`, with `/` separators, sorted.
 */
export async function copyTemplate(fs: ScaffoldFs, from: string, to: string, values: Placeholders): Promise<string[]> {
  const written: string[] = [];
  const walk = async (dir: string, relative: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const name = writtenName(entry.name);
      const source = path.join(dir, entry.name);
      const target = path.join(to, relative, name);
      if (entry.isDirectory()) {
        await fs.mkdir(target);
        await walk(source, path.join(relative, name));
      } else if (entry.isFile()) {
        const bytes = await fs.readFile(source);
        await fs.writeFile(target, isText(bytes) ? fillPlaceholders(bytes.toString('utf8'), values) : bytes);
        written.push(path.join(relative, name).split(path.sep).join('/'));
      }
    }
  };
  await walk(from, '');
  return written.sort();
}
