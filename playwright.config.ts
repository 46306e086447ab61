import { defineConfig } from '@playwright/test';

const CHROMIUM = process.env.S3R_CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * End-to-end tests in the system's Chromium (never a downloaded browser)
 * against the built app served by the backend on :7007, with the test
 * harness's S3-compatible server.
 */
export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  outputDir: '.run/e2e-results',
  webServer: [
    {
      command: 'bash scripts/e2e-backend.sh',
      url: 'http://localhost:7007/.backstage/health/v1/readiness',
      reuseExistingServer: !!process.env.S3R_E2E_REUSE_SERVER,
      timeout: 240_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        // The audit sweep's first run comes 5 s after start instead of 2 min:
        // the scheduler only honours "Run sweep now" once a task's initial
        // delay is over, and the audit e2e test starts right after the backend.
        APP_CONFIG_s3Resources_audit_schedule: JSON.stringify({
          frequency: { hours: 6 },
          timeout: { minutes: 30 },
          initialDelay: { seconds: 5 },
        }),
      },
    },
    {
      // The development server of `npm start`: React's development warnings
      // (keys, DOM nesting) only exist in a development build.
      command: 'yarn workspace app start',
      url: 'http://localhost:3000',
      reuseExistingServer: !!process.env.S3R_E2E_REUSE_SERVER,
      timeout: 240_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { BROWSER: 'none' },
    },
  ],
  projects: [
    // The built app, as production serves it.
    { name: 'built', testIgnore: /\.dev\.test\.ts$/ },
    // What `npm start` shows, after the other specs: the crawl of every
    // page and the newcomer's walk through the template.
    {
      name: 'dev',
      testMatch: /\.dev\.test\.ts$/,
      dependencies: ['built'],
      use: { baseURL: 'http://localhost:3000' },
    },
  ],
  use: {
    baseURL: 'http://localhost:7007',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
