// The Jest preset of @switchboard/plugin-scripts: what `switchboard-plugin test` runs with, and
// what a plugin's own Jest configuration can name (`"preset": "@switchboard/plugin-scripts"`).
// Paths are resolved here, from this package, so a plugin project needs neither ts-jest nor
// jest-environment-jsdom of its own (Jest also finds `@jest-environment jsdom` through here).
const tsJest = require.resolve('ts-jest');

/** TypeScript and JavaScript, with JSX, compiled file by file (no type check: tsc does that). */
const compile = [
  tsJest,
  {
    tsconfig: {
      target: 'ES2022',
      module: 'CommonJS',
      moduleResolution: 'bundler',
      jsx: 'react-jsx',
      allowJs: true,
      esModuleInterop: true,
      resolveJsonModule: true,
      isolatedModules: true,
      skipLibCheck: true,
    },
  },
];

module.exports = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.[jt]s?(x)'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'json'],
  transform: { '^.+\\.[cm]?[jt]sx?$': compile },
  // Built code is compiled already: dependencies, and in a monorepo the workspace packages,
  // which resolve through their symlinks to `packages/<name>/dist`.
  transformIgnorePatterns: ['/node_modules/', '/dist/'],
};
