import { defineConfig, devices } from "@playwright/test";

// `make test` sets E2E_BASE_URL to the freshly built server it starts on its own database.
const baseURL = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: true, // a stray test.only must never skip the rest of the suite
  retries: 0,
  workers: 2,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    locale: "en-US", // an English browser: the site must still answer in Chinese by default
    trace: "retain-on-failure",
    launchOptions: {
      // Playwright cannot download its browsers here; Debian's Chromium is used instead.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], locale: "en-US" } },
    {
      name: "phone",
      use: { ...devices["Desktop Chrome"], viewport: { width: 360, height: 740 }, isMobile: false, locale: "en-US" },
    },
    // Every journey again with JavaScript off: every form is a plain round trip to the server.
    // Issuing a one-time link needs JavaScript by design (the link is shown once and only its
    // hash is stored); the islands' own tests are about JavaScript; axe needs a script (the
    // same HTML is checked by the other two projects).
    {
      name: "no-javascript",
      use: { ...devices["Desktop Chrome"], javaScriptEnabled: false, locale: "en-US" },
      testIgnore: [
        "**/colleague.spec.ts",
        "**/islands.spec.ts",
        "**/no-javascript.spec.ts",
        "**/accessibility.spec.ts",
      ],
    },
  ],
});
