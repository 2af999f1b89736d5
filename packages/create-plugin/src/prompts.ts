/** A choice of {@link Prompts.select}. */
export interface Choice<V extends string> {
  value: V;
  name: string;
  description?: string;
}

/**
 * The questions the CLI asks on a terminal: the subset of `@inquirer/prompts` it uses, so
 * tests can answer them (and prove that nothing is asked without a terminal).
 */
export interface Prompts {
  input(config: { message: string; default?: string; validate?: (value: string) => true | string }): Promise<string>;
  select<V extends string>(config: { message: string; choices: Choice<V>[]; default?: V }): Promise<V>;
  confirm(config: { message: string; default?: boolean }): Promise<boolean>;
}

/**
 * The real prompts (`@inquirer/prompts`), loaded on the first question: a run that asks
 * nothing (CI, `--yes`) never loads them.
 */
export const inquirerPrompts: Prompts = {
  input: async (config) => (await import('@inquirer/prompts')).input(config),
  select: async (config) => (await import('@inquirer/prompts')).select(config),
  confirm: async (config) => (await import('@inquirer/prompts')).confirm(config),
};

/** Whether `error` is the prompt's "the person pressed Ctrl-C". */
export const isPromptCancelled = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
