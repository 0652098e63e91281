// Plain JavaScript, so that jest loads it without a TypeScript runtime.
// Tests import the sources (.ts) with Node ESM's .js endings; jest resolves them to the .ts files.
// The command line imports the library by its package name, which resolves to the sources too.
const base = {
  testEnvironment: "node",
  transform: {
    "^.+\\.ts$": [
      "ts-jest",
      { tsconfig: { module: "commonjs", moduleResolution: "node10", isolatedModules: true }, diagnostics: false },
    ],
  },
  moduleNameMapper: {
    "^kantata-insights-access$": "<rootDir>/src/index.ts",
    "^kantata-insights-access/testing$": "<rootDir>/src/testing/index.ts",
    "^(\\.{1,2}/.*)\\.js$": "$1",
  },
};

/**
 * - unit: in-process tests, no sockets (`npm run test:unit`, the fast loop);
 * - http: the client and the command line against the shared fake Kantata on 127.0.0.1;
 * - pipeline: the tools (generate, spec diff, review, Prism mock, demo);
 * - release: what installs or launches heavy tools (the packed packages, the docs page in a
 *   browser); `npm run test:release`, not `npm test`.
 * @type {import("jest").Config}
 */
const config = {
  // A guard against a hang, not a speed check: a busy shared machine has stalled a process for 30 s.
  testTimeout: 60_000,
  testSequencer: "<rootDir>/test/helpers/slow-first.cjs",
  projects: [
    {
      ...base,
      displayName: "unit",
      testMatch: ["<rootDir>/test/unit/**/*.test.ts", "<rootDir>/examples/**/*.test.ts"],
    },
    {
      ...base,
      displayName: "http",
      testMatch: ["<rootDir>/test/http/**/*.test.ts", "<rootDir>/cli/test/**/*.test.ts"],
    },
    { ...base, displayName: "pipeline", testMatch: ["<rootDir>/test/pipeline/**/*.test.ts"] },
    { ...base, displayName: "release", testMatch: ["<rootDir>/test/release/**/*.test.ts"] },
  ],
};

export default config;
