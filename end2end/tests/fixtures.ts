import { test as base, expect, type Locator, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/**
 * Every journey fails on a browser console error or an uncaught exception: a broken script,
 * a failed asset, a hydration panic or (later) a CSP violation all show up there.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      // A page the test opens on purpose may answer 404 or 500; Chromium logs that document's
      // status as a console error, which is the page doing its job, not a fault.
      // Likewise a server function's typed refusal (4xx: a wrong password, say), which the
      // page turns into a message; a 5xx from one is still an error.
      const documentsWithErrorStatus = new Set<string>();
      page.on("response", (response) => {
        const status = response.status();
        const isDocument = response.request().isNavigationRequest() && status >= 400;
        const isRefusal = new URL(response.url()).pathname.startsWith("/api/") && status >= 400 && status < 500;
        if (isDocument || isRefusal) documentsWithErrorStatus.add(response.url());
      });
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        const isDocumentStatus =
          message.text().startsWith("Failed to load resource") &&
          documentsWithErrorStatus.has(message.location().url);
        if (!isDocumentStatus) errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
      await use(errors);
      expect(errors, "the browser console stays free of errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * Waits until the page is ready: loaded, and when it holds islands, each of them awake (the
 * loader then sets `<html data-islands="ready">`). Pages work before that too; waiting keeps a
 * test from racing the pending-state island of the form it is about to submit.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  // The loader marks the page as soon as it starts on a page with islands (so never when
  // JavaScript is off), and "ready" once they are awake.
  if ((await page.locator("html[data-islands]").count()) > 0) {
    await expect(page.locator("html")).toHaveAttribute("data-islands", "ready");
  }
}

/** Serious or critical WCAG 2.1 A/AA violations axe finds on the page as it is now. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // axe runs as a script in the page, which the JavaScript-off project forbids. Its pages are
  // the same server-rendered HTML that the desktop and phone projects check with axe.
  if (page.context().browser() && test.info().project.use.javaScriptEnabled === false) return [];
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`);
}

/** True when the page is wider than the viewport (something scrolls sideways). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

const CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** A valid unified social credit code (GB 32100-2015) from 17 characters of the alphabet. */
export function creditCode(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += CREDIT_CODE_ALPHABET.indexOf(first17[i]) * (3 ** i % 31);
  }
  return first17 + CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Signs in on the sign-in page and waits until the header names the user. */
export async function signIn(page: Page, email: string, password: string, name: string): Promise<void> {
  await page.goto("/signin");
  await waitForHydration(page);
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("signed-in-user")).toContainText(name);
}

/**
 * The signed-in user's account links (their account, the inbox, sign-out): inline on a wide
 * screen; on a phone in the account menu, which this opens.
 */
export async function accountLinks(page: Page): Promise<Locator> {
  const menu = page.getByTestId("account-menu");
  if (await menu.isVisible()) {
    const open = await menu.evaluate((details) => (details as HTMLDetailsElement).open);
    if (!open) await menu.locator("summary").click();
    return menu;
  }
  return page.getByTestId("signed-in-user");
}

/**
 * Takes a step that asks first: opens it (a `<details>`, so the same with JavaScript off),
 * and presses its own button. Returns the sentence the step showed before anything was sent.
 */
export async function confirmStep(scope: Page | Locator, opens: string, does: string): Promise<string> {
  const page = "goto" in scope ? scope : scope.page();
  const step = scope.getByTestId("confirm").filter({ has: page.locator("summary", { hasText: opens }) });
  await step.locator("summary").click();
  const says = (await step.getByTestId("confirm-says").innerText()).trim();
  await step.getByRole("button", { name: does, exact: true }).click();
  return says;
}
