import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The full-size catalog's site (scripts/scale-site.sh built it into build/scale/dist), with the same
// browser and the same request blocking as the main suite; only tests/e2e/*.scale.ts run here.
const port = Number(process.env['MOVIEREC_E2E_PORT'] ?? 4174);

export default defineConfig({
  ...base,
  testMatch: '*.scale.ts',
  timeout: 300_000,
  use: { ...base.use, baseURL: `http://127.0.0.1:${port}/movierec/` },
  webServer: {
    command: `node tests/e2e/serve.mjs --dir build/scale/dist --port ${port} --base /movierec/`,
    url: `http://127.0.0.1:${port}/movierec/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
