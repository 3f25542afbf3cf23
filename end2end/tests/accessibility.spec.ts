import { test, expect, waitForHydration, seriousA11yViolations, scrollsSideways } from "./fixtures";

const pages = [
  { path: "/", name: "home" },
  { path: "/no/such/page", name: "404" },
  { path: "/signin", name: "sign-in" },
  { path: "/register", name: "registration" },
];

for (const lang of ["zh-CN", "en"]) {
  for (const { path, name } of pages) {
    test(`the ${name} page in ${lang} has no serious WCAG 2.1 AA violation and fits the screen`, async ({
      page,
      context,
      baseURL,
    }) => {
      await context.addCookies([{ name: "lang", value: lang, url: baseURL! }]);
      await page.goto(path);
      await waitForHydration(page);
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(await scrollsSideways(page), "nothing scrolls sideways").toBe(false);
    });
  }
}

test("the skip link is the first stop for the keyboard and leads to the main content", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "跳到正文" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
});
