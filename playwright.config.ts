import { defineConfig } from '@playwright/test';

// The suite builds the site (vite build → dist/) and serves it unchanged from a sub-path, in
// Debian's Chromium, with every request that is not to 127.0.0.1 aborted (tests/e2e/local_only.ts).
// The engine (public/engine/) and the artifacts (public/artifacts/) must have been built first.
const port = Number(process.env['MOVIEREC_E2E_PORT'] ?? 4173);

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '*.spec.ts',
  // The free-text tests download and start a 23 MB model on a shared machine.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}/movierec/`,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npx vite build --logLevel warn && node tests/e2e/serve.mjs --dir dist --port ${port} --base /movierec/`,
    url: `http://127.0.0.1:${port}/movierec/`,
    reuseExistingServer: !process.env['CI'],
    timeout: 120_000,
  },
});
