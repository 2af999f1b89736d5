import { PassThrough } from 'node:stream';
import { promptHidden, readLine } from './readPassword';

/** A terminal's input: a stream that records the raw mode asked of it. */
function terminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true, modes: [] as boolean[] });
  Object.assign(input, { setRawMode: (mode: boolean) => input.modes.push(mode) });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => (shown += d.toString()));
  return { input, output, shown: () => shown };
}

describe('readLine', () => {
  it('returns the first line of the input, without its line break', async () => {
    const input = new PassThrough();
    input.end('correct horse battery staple\r\nsecond line\n');
    await expect(readLine(input)).resolves.toBe('correct horse battery staple');
    const unterminated = new PassThrough();
    unterminated.end('no line break');
    await expect(readLine(unterminated)).resolves.toBe('no line break');
  });
});

describe('promptHidden', () => {
  it('reads what is typed in raw mode without echoing it; Backspace edits, Enter ends', async () => {
    const t = terminal();
    const read = promptHidden('Password: ', t.input, t.output);
    t.input.write('secreX');
    t.input.write('\u007ft pass\r');
    await expect(read).resolves.toBe('secret pass');
    expect(t.shown()).toBe('Password: \n');
    expect(t.input.modes).toEqual([true, false]);
  });

  it('gives up on Ctrl-C', async () => {
    const t = terminal();
    const read = promptHidden('Password: ', t.input, t.output);
    t.input.write('abc\u0003');
    await expect(read).rejects.toThrow('cancelled');
    expect(t.input.modes).toEqual([true, false]);
  });
});
