// One Jest project per workspace package (packages/*, plugins/*, examples/*), all compiled
// by ts-jest. `@switchboard/*` imports resolve to the packages' sources, so tests never need
// a build. Type checking is `npm run typecheck` (tsc over everything, type tests included).
const fs = require('node:fs');
const path = require('node:path');
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

/** Per-package settings that differ from the defaults below. */
const overrides = {
  // The protocol tests start the server in a child process (ts compiled at start) in their
  // beforeAll: on a busy 2-core machine that can take longer than Jest's 5 s default.
  'packages/contact-center': { testTimeout: 20_000 },
};

// The Flex example plugins (examples/flex-plugins/*) are flex-plugin-builder projects, not
// npm workspaces: JavaScript with JSX in .js files, importing `@twilio/flex-ui`,
// `flex-plugin` and `@twilio/flex-plugin`, which resolve to the compat layer's sources here
// (`switchboard-plugin test` maps them to its build).
const FLEX_IMPORTS = '^(@twilio/flex-ui|flex-plugin|@twilio/flex-plugin)$';
const flexProject = () => ({
  testMatch: ['<rootDir>/**/*.test.[jt]s?(x)'],
  moduleNameMapper: {
    [FLEX_IMPORTS]: `${__dirname}/packages/flex-compat/src/index.ts`,
    ...pathsToModuleNameMapper(compilerOptions.paths, { prefix: `${__dirname}/` }),
  },
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.jest.json') }],
    '^.+\\.jsx?$': ['ts-jest', { tsconfig: path.join(__dirname, 'examples/flex-plugins/tsconfig.jest.json') }],
  },
});

const workspaces = ['packages', 'plugins', 'examples', 'examples/flex-plugins'].flatMap((group) => {
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
      // ESM-only dependencies (jose; openid-client and its oauth4webapi) are compiled to
      // CommonJS for Jest. (The OIDC test provider, oidc-provider, runs in its own process.)
      '/node_modules/(jose|openid-client|oauth4webapi)/.+\\.js$': [
        'ts-jest',
        { tsconfig: { allowJs: true, module: 'commonjs' }, isolatedModules: true },
      ],
    },
    transformIgnorePatterns: ['/node_modules/(?!(jose|openid-client|oauth4webapi)/)'],
    ...(ws.startsWith('examples/flex-plugins/') ? flexProject() : {}),
    ...overrides[ws],
  })),
};
