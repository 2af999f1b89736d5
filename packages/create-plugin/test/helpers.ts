/** Shared helpers of this package's tests: temporary folders, captured output, scripted prompts. */
import { mkdtemp, readdir, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Prompts } from '../src/prompts';

/**
 * A function making temporary folders under `os.tmpdir()`, each removed after the current
 * test. Call it at the top of a `describe` (or file).
 */
export function tempDirs(): (prefix?: string) => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async (prefix = 'create-plugin-test-') => {
    // realpath: the paths main() prints are compared with these (macOS's /tmp is a link).
    const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), prefix)));
    made.push(dir);
    return dir;
  };
}

/** A writable that keeps what is written. */
export interface CapturedOutput {
  write(text: string): boolean;
  readonly isTTY: boolean;
  text(): string;
}

export function captureOutput(isTTY = false): CapturedOutput {
  let text = '';
  return {
    isTTY,
    write: (chunk) => {
      text += chunk;
      return true;
    },
    text: () => text,
  };
}

/** Prompts that answer from a script, by question kind, and record every question asked. */
export interface ScriptedPrompts extends Prompts {
  readonly asked: string[];
}

/**
 * Answers questions from `answers` (each kind answered in order); a question without a
 * scripted answer fails the test.
 */
export function scriptedPrompts(
  answers: { input?: string[]; select?: string[]; confirm?: boolean[] } = {},
): ScriptedPrompts {
  const asked: string[] = [];
  const next = <T>(kind: string, queue: T[] | undefined, message: string): T => {
    asked.push(`${kind}: ${message}`);
    if (!queue?.length) throw new Error(`unexpected ${kind} question: ${message}`);
    return queue.shift()!;
  };
  return {
    asked,
    input: async ({ message, validate }) => {
      const answer = next('input', answers.input, message);
      const verdict = validate?.(answer) ?? true;
      if (verdict !== true) throw new Error(`the scripted answer ${JSON.stringify(answer)} was refused: ${verdict}`);
      return answer;
    },
    select: async <V extends string>({ message, choices }: { message: string; choices: { value: V }[] }) => {
      const answer = next('select', answers.select, message);
      const choice = choices.find((c) => c.value === answer);
      if (!choice) throw new Error(`${answer} is not a choice of "${message}"`);
      return choice.value;
    },
    confirm: async ({ message }) => next('confirm', answers.confirm, message),
  };
}

/** Every file under `dir`, relative, `/`-separated, sorted (dot files included). */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}
