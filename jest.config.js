// One Jest project per workspace package (packages/*, plugins/*, examples/*), all compiled
// by ts-jest. `@switchboard/*` imports resolve to the packages' sources, so tests never need
// a build. Type checking is `npm run typecheck` (tsc over everything, type tests included).
const fs = require('node:fs');
const path = require('node:path');
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

/** Per-package settings that differ from the defaults below. */
const overrides = {};

const workspaces = ['packages', 'plugins', 'examples'].flatMap((group) => {
  const dir = path.join(__dirname, group);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, 'package.json')))
    .map((name) => path.join(group, name));
});

module.exports = {
  projects: workspaces.map((ws) => ({
    displayName: require(path.join(__dirname, ws, 'package.json')).name,
    rootDir: path.join(__dirname, ws),
    testEnvironment: 'node',
    testMatch: ['<rootDir>/**/*.test.ts?(x)'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: `${__dirname}/` }),
    transform: {
      '^.+\\.tsx?$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.jest.json') }],
      // ESM-only dependencies (jose) are compiled to CommonJS for Jest.
      '/node_modules/jose/.+\\.js$': [
        'ts-jest',
        { tsconfig: { allowJs: true, module: 'commonjs' }, isolatedModules: true },
      ],
    },
    transformIgnorePatterns: ['/node_modules/(?!jose/)'],
    ...overrides[ws],
  })),
};
