import type { CliFlags } from './parseArgs';
import type { Prompts } from './prompts';
import { LANGUAGES, TEMPLATES, type Language } from './templates';
import { validatePluginName } from './validatePluginName';

/** What a run needs, once flags, answers and defaults are combined. */
export interface Answers {
  /** Missing only when nobody could be asked and no flag said it. */
  name: string | undefined;
  language: Language;
  install: boolean;
}

/**
 * Combines the flags with answers: on a terminal (`interactive`) it asks, in order, for what
 * the flags did not say (the name, the language, whether to install); otherwise it asks
 * nothing and takes the defaults (TypeScript, no install).
 */
export async function askMissing(flags: CliFlags, interactive: boolean, prompts: Prompts): Promise<Answers> {
  if (!interactive) {
    return { name: flags.name, language: flags.language ?? 'typescript', install: flags.install ?? false };
  }
  const name =
    flags.name ??
    (
      await prompts.input({
        message: 'Plugin name (its package name):',
        default: 'my-plugin',
        validate: (value) => validatePluginName(value.trim()) ?? true,
      })
    ).trim();
  const language =
    flags.language ??
    (await prompts.select<Language>({
      message: 'Language:',
      choices: LANGUAGES.map((value) => ({
        value,
        name: TEMPLATES[value].label,
        description: TEMPLATES[value].description,
      })),
      default: 'typescript',
    }));
  const install =
    flags.install ?? (await prompts.confirm({ message: 'Install dependencies with npm now?', default: true }));
  return { name, language, install };
}
