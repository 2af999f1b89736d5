/**
 * The invocation semantics live in this repository (SEMANTICS.md), and code and docs point
 * there, not to a specification outside it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const pkg = path.join(__dirname, '..');
const repo = path.join(pkg, '..', '..');
const semantics = readFileSync(path.join(pkg, 'SEMANTICS.md'), 'utf8');

/** Source and docs files of the repository's packages (no dependencies, no build output). */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return ['node_modules', 'dist', '.git'].includes(d.name) ? [] : files(p);
    return /\.(ts|tsx|md|mjs|js)$/.test(d.name) ? [p] : [];
  });
}

it('writes down every step of an invocation, the matching rules and the differences from Flex', () => {
  for (let step = 1; step <= 12; step++) expect(semantics).toMatch(new RegExp(`^${step}\\. \\*\\*`, 'm'));
  expect(semantics).toMatch(/## Matching a payload against a pattern/);
  expect(semantics).toMatch(/## Where Switchboard differs from Flex, and why/);
  expect(semantics).toMatch(/invocationAwaiting/);
});

it('no code or document points to a specification outside the repository', () => {
  const offenders = ['packages', 'plugins', 'examples', 'README.md']
    .map((p) => path.join(repo, p))
    .filter(existsSync)
    .flatMap((p) => (p.endsWith('.md') ? [p] : files(p)))
    .filter((f) => !f.endsWith('semantics.test.ts') && readFileSync(f, 'utf8').includes('ACTIONS-SPEC'));
  expect(offenders.map((f) => path.relative(repo, f))).toEqual([]);
});

it('the core files say where their behaviour is written down', () => {
  for (const file of ['createActions.ts', 'pipeline.ts']) {
    expect(readFileSync(path.join(pkg, 'src', file), 'utf8')).toContain('SEMANTICS.md');
  }
});
