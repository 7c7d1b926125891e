// playwright.config.ts for the post-deployment smoke suite:
//   BASE_URL=https://staging.example.com npx playwright test --grep @smoke
import { defineConfig, devices } from '@playwright/test';

export default defineConfig({
  testDir: './tests/e2e',
  grep: /@smoke/, // only tests tagged @smoke run after a deployment
  timeout: 30_000, // per test; a smoke test that needs longer is not a smoke test
  fullyParallel: true,
  forbidOnly: !!process.env.CI, // a stray test.only must not silently skip the suite
  retries: process.env.CI ? 1 : 0, // one retry absorbs network flakes; report them, do not hide them
  reporter: [['list'], ['junit', { outputFile: 'results/smoke-junit.xml' }]],
  use: {
    baseURL: process.env.BASE_URL ?? 'https://staging.example.com',
    trace: 'on-first-retry', // a trace file to debug any failure that needed a retry
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'chromium', use: { ...devices['Desktop Chrome'] } },
    { name: 'mobile-safari', use: { ...devices['iPhone 15'] } },
  ],
});
