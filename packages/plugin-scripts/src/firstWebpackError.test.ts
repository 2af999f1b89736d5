import { formatWebpackError } from './firstWebpackError';

const dir = '/work/my-plugin';

test('an esbuild syntax error: the file, line and column (from 1) inside the loader message', () => {
  const message =
    'Module build failed (from ../node_modules/esbuild-loader/dist/index.cjs):\nError: Transform failed with 1 error:\n/work/my-plugin/src/plugin.tsx:3:9: ERROR: Expected ";" but found ")"\n    at failureErrorWithLog (/x/esbuild/lib/main.js:1752:15)';
  expect(formatWebpackError({ message, moduleName: './src/plugin.tsx' }, dir)).toBe(
    'src/plugin.tsx:3:10: Expected ";" but found ")"',
  );
});

test("a module webpack cannot resolve: the importing file and line from webpack's loc", () => {
  expect(
    formatWebpackError(
      {
        message: "Module not found: Error: Can't resolve './nope' in '/work/my-plugin/src'",
        moduleName: './src/index.tsx + 2 modules',
        loc: '4:0-33',
      },
      dir,
    ),
  ).toBe("src/index.tsx:4:1: Can't resolve './nope' in '/work/my-plugin/src'");
});

test('an error without a module: its first line', () => {
  expect(formatWebpackError({ message: 'Error: Conflict: Multiple assets emit to plugin.js\nmore' }, dir)).toBe(
    'Conflict: Multiple assets emit to plugin.js',
  );
});

test('a file outside the project keeps its absolute path', () => {
  const message = 'Error: Transform failed with 1 error:\n/elsewhere/shared.ts:1:0: ERROR: Unexpected "}"';
  expect(formatWebpackError({ message }, dir)).toBe('/elsewhere/shared.ts:1:1: Unexpected "}"');
});
