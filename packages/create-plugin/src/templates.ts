/** The languages a plugin can be written in: one template each. */
export type Language = 'typescript' | 'javascript';

/** One template: a folder of `templates/`, copied as is (see `copyTemplate`). */
export interface Template {
  /** What a person picks. */
  readonly label: string;
  readonly description: string;
  /** Its folder under `templates/`. */
  readonly dir: string;
  /** The bundle's entry, as `switchboard.plugin.entry` of the generated package.json says. */
  readonly entry: string;
}

/**
 * The templates, by language. The first is the default.
 *
 * @example
 * TEMPLATES.javascript.entry; // 'src/index.jsx'
 */
export const TEMPLATES: Readonly<Record<Language, Template>> = {
  typescript: {
    label: 'TypeScript',
    description: 'typed plugin API, slots and actions (recommended)',
    dir: 'typescript',
    entry: 'src/index.tsx',
  },
  javascript: {
    label: 'JavaScript',
    description: 'the same plugin in JSX, without a compile-time type check',
    dir: 'javascript',
    entry: 'src/index.jsx',
  },
};

/** The languages, the default first. */
export const LANGUAGES = Object.keys(TEMPLATES) as Language[];

/**
 * Template file names that differ from the names written, and why: what is written would mean
 * something, in the template folder, to npm or to this repository's tools.
 */
const RENAMES: Readonly<Record<string, string>> = {
  // npm never publishes a .gitignore (it renames it .npmignore).
  _gitignore: '.gitignore',
  // A package.json would make the template folder a package: npm workspaces and Jest's haste
  // map would see two packages called "{{name}}".
  '_package.json': 'package.json',
};

/**
 * The name a template file is written as. `*.test.template.tsx` → `*.test.tsx`: this
 * repository's Jest runs every `*.test.ts(x)` under the package, templates included.
 */
export const writtenName = (templateName: string): string =>
  RENAMES[templateName] ?? templateName.replace(/\.template(\.[cm]?[jt]sx?)$/, '$1');
