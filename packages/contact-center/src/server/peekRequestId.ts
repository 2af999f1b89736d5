/**
 * Finds the request id of a frame the gateway refuses without parsing it (over the frame-rate
 * budget, over the size limit), so even that refusal carries the id and the client can reject
 * the request at once instead of waiting for its timeout.
 *
 * Why not `JSON.parse`: a refused frame should stay cheap (a flood, or 16+ KiB of it), and
 * parsing builds the whole object graph. This is one pass over the bytes, with no allocation
 * but the id itself, and no recursion (a frame of nested brackets cannot overflow the stack).
 * It validates the JSON grammar as it goes, so for valid JSON it agrees with `JSON.parse`:
 * the id is the value of the top-level `"id"` member (the last one when repeated, as
 * `JSON.parse` keeps the last), however the key is escaped and wherever it stands. Anything
 * that is not a JSON object gives null, as does an id that is not a string or a number. Its
 * cost is linear in the frame, which `ws` has already read and unmasked byte by byte.
 */
import type { RequestId } from '../protocol';

const OBJECT = 1;
const ARRAY = 2;
/** A string id's token longer than this is not echoed (the schema allows 64 characters). */
const MAX_ID_TOKEN = 512;

const enum Expect {
  Value,
  ValueOrEnd,
  Key,
  KeyOrEnd,
  After,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
const isHex = (c: number | undefined) =>
  c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));

function skipSpace(b: Uint8Array, i: number): number {
  while (i < b.length) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** The index after the string starting at `i` (a quote), or -1 when it is not a valid JSON string. */
function skipString(b: Uint8Array, i: number): number {
  for (i++; i < b.length; i++) {
    const c = b[i]!;
    if (c === QUOTE) return i + 1;
    if (c < 0x20) return -1;
    if (c === BACKSLASH) {
      const e = b[++i];
      if (e === 0x75 /* u */) {
        if (!(isHex(b[i + 1]) && isHex(b[i + 2]) && isHex(b[i + 3]) && isHex(b[i + 4]))) return -1;
        i += 4;
      } else if (
        e !== QUOTE &&
        e !== BACKSLASH &&
        e !== 0x2f && // /
        e !== 0x62 && // b
        e !== 0x66 && // f
        e !== 0x6e && // n
        e !== 0x72 && // r
        e !== 0x74 // t
      )
        return -1;
    }
  }
  return -1;
}

/** The index after the number starting at `i`, or -1 (JSON's grammar: no `+`, no leading zeros, no `.5`). */
function skipNumber(b: Uint8Array, i: number): number {
  if (b[i] === 0x2d /* - */) i++;
  if (b[i] === 0x30 /* 0 */) i++;
  else if (isDigit(b[i])) while (isDigit(b[i])) i++;
  else return -1;
  if (b[i] === 0x2e /* . */) {
    if (!isDigit(b[++i])) return -1;
    while (isDigit(b[i])) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45 /* e E */) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  return i;
}

function skipLiteral(b: Uint8Array, i: number, word: string): number {
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return -1;
  return i + word.length;
}

const text = (b: Uint8Array, start: number, end: number) => Buffer.from(b.buffer, b.byteOffset + start, end - start);

/** Is the key token `b[start, end)` (quotes included) the string "id", escaped or not? */
function isIdKey(b: Uint8Array, start: number, end: number): boolean {
  if (end - start === 4) return b[start + 1] === 0x69 && b[start + 2] === 0x64;
  // "\u0069d" and the like: rare, and short, so parsing the key alone is cheap.
  return end - start <= 16 && b.indexOf(BACKSLASH, start) < end && JSON.parse(String(text(b, start, end))) === 'id';
}

/**
 * The top-level `id` of a frame if it is a JSON object whose `id` is a string or a number;
 * null otherwise (not JSON, not an object, no id, an id of another type).
 *
 * @example
 * peekRequestId(Buffer.from('{"type":"sendMessage","id":7,"body":"…"}')); // 7
 */
export function peekRequestId(frame: Uint8Array): RequestId | null {
  const b = frame;
  const stack: number[] = [];
  let id: RequestId | null = null;
  /** Set after the top-level key "id": the next value is the id. */
  let capture = false;
  let expect = Expect.Value;
  let i = skipSpace(b, 0);
  if (b[i] !== OPEN_BRACE) return null;
  for (;;) {
    i = skipSpace(b, i);
    // The top-level object closed: only white space may follow.
    if (expect === Expect.After && !stack.length) return i === b.length ? id : null;
    if (i >= b.length) return null; // truncated
    const c = b[i]!;
    // Just after `[` or `{`: the container may close at once; else a value or a key follows.
    if ((expect === Expect.ValueOrEnd && c === CLOSE_BRACKET) || (expect === Expect.KeyOrEnd && c === CLOSE_BRACE)) {
      stack.pop();
      i++;
      expect = Expect.After;
      continue;
    }
    if (expect === Expect.ValueOrEnd) expect = Expect.Value;
    else if (expect === Expect.KeyOrEnd) expect = Expect.Key;
    switch (expect) {
      case Expect.Value: {
        let end: number;
        if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          stack.push(c === OPEN_BRACE ? OBJECT : ARRAY);
          if (capture) id = null;
          capture = false;
          i++;
          expect = c === OPEN_BRACE ? Expect.KeyOrEnd : Expect.ValueOrEnd;
          break;
        }
        if (c === QUOTE) {
          end = skipString(b, i);
          if (end < 0) return null;
          if (capture) id = end - i <= MAX_ID_TOKEN ? (JSON.parse(String(text(b, i, end))) as string) : null;
        } else if (c === 0x2d || isDigit(c)) {
          end = skipNumber(b, i);
          if (end < 0) return null;
          if (capture) id = Number(String(text(b, i, end)));
        } else {
          end = skipLiteral(b, i, c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null');
          if (end < 0) return null;
          if (capture) id = null;
        }
        capture = false;
        i = end;
        expect = Expect.After;
        break;
      }
      case Expect.Key: {
        if (c !== QUOTE) return null;
        const end = skipString(b, i);
        if (end < 0) return null;
        capture = stack.length === 1 && isIdKey(b, i, end);
        i = skipSpace(b, end);
        if (b[i] !== COLON) return null;
        i++;
        expect = Expect.Value;
        break;
      }
      case Expect.After: {
        const top = stack[stack.length - 1];
        if (c === COMMA && top !== undefined) expect = top === OBJECT ? Expect.Key : Expect.Value;
        else if (c === CLOSE_BRACE && top === OBJECT) stack.pop();
        else if (c === CLOSE_BRACKET && top === ARRAY) stack.pop();
        else return null;
        i++;
        break;
      }
    }
  }
}
