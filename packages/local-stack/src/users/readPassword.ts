/**
 * Reading a password for the admin CLI: one line from stdin (`--password-stdin`, for scripts),
 * or typed at a terminal without echo. Never from the command line (argv is visible to every
 * user of the machine in `ps`).
 */

/** The input a password is read from (`process.stdin` by default). */
export interface PasswordInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/** Reads stdin to its first line break (or its end) and returns that line, without the line break. */
export async function readLine(input: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    text += chunk.toString();
    const end = text.search(/\r?\n/);
    if (end >= 0) return text.slice(0, end);
  }
  return text;
}

/**
 * Prompts at a terminal and reads what is typed without showing it (raw mode; Backspace edits,
 * Enter ends, Ctrl-C or Ctrl-D gives up with an Error).
 */
export function promptHidden(prompt: string, input: PasswordInput, output: NodeJS.WritableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(prompt);
    let typed = '';
    const done = (error: Error | null) => {
      input.removeListener('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003' || ch === '\u0004') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    input.setRawMode?.(true);
    input.resume();
    input.on('data', onData);
  });
}
