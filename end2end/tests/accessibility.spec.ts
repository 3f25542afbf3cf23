import { test, expect, waitForHydration, seriousA11yViolations, scrollsSideways, signIn } from "./fixtures";

const pages = [
  { path: "/", name: "home" },
  { path: "/no/such/page", name: "404" },
  { path: "/signin", name: "sign-in" },
  { path: "/register", name: "registration" },
  { path: "/calls", name: "open calls" },
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

/** Pages behind sign-in, each as the user who works there (the firm's page with its forms). */
const signedInPages = [
  { email: "deyang@demo.alliance-hub.cn", name: "李伟", path: "/firms?q=%E5%87%8F%E9%80%9F", label: "directory" },
  { email: "dongfang@demo.alliance-hub.cn", name: "赵强", path: "own-firm", label: "firm" },
  { email: "admin@demo.alliance-hub.cn", name: "陈静", path: "/taxonomy", label: "taxonomy" },
  { email: "chengdu@demo.alliance-hub.cn", name: "王磊", path: "/projects/new", label: "new project" },
  { email: "chengdu@demo.alliance-hub.cn", name: "王磊", path: "open-project", label: "project" },
  { email: "chengdu@demo.alliance-hub.cn", name: "王磊", path: "/execution", label: "portfolio" },
  { email: "chengdu@demo.alliance-hub.cn", name: "王磊", path: "execution", label: "execution" },
  { email: "admin@demo.alliance-hub.cn", name: "陈静", path: "/settings", label: "settings" },
];

for (const { email, name, path, label } of signedInPages) {
  test(`the ${label} page has no serious WCAG 2.1 AA violation and fits the screen`, async ({ page }) => {
    await signIn(page, email, "alliance-demo-2026", name);
    if (path === "open-project") {
      // An open call of Chengdu's, with its needs, lifecycle and interests.
      await page.goto("/projects?city=chengdu&status=open");
      await page.getByTestId("projects-results").getByRole("link").first().click();
      await expect(page.getByRole("heading", { level: 2, name: "配套需求" })).toBeVisible();
    } else if (path === "execution") {
      // The demo's humanoid joint project in execution: milestones in every state, risks, a
      // timeline, the officials' forms.
      await page.goto("/execution?city=chengdu");
      await page.getByTestId("portfolio-row").getByRole("link", { name: "人形机器人高功率密度一体化关节模组研发" }).click();
      await expect(page.getByTestId("timeline")).toBeVisible();
    } else if (path === "own-firm") {
      await page.getByRole("link", { name: "本企业" }).click();
      await expect(page.getByRole("heading", { level: 2, name: "能力" })).toBeVisible();
    } else {
      await page.goto(path);
    }
    await waitForHydration(page);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await scrollsSideways(page), "nothing scrolls sideways").toBe(false);
  });
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("a firm's representative gets the account in one row, behind a disclosure that needs no script", async ({ page }) => {
    await signIn(page, "dongfang@demo.alliance-hub.cn", "alliance-demo-2026", "赵强");
    await page.goto("/");
    await waitForHydration(page);
    const menu = page.getByTestId("account-menu");
    await expect(menu).toBeVisible();
    // Name, inbox, sign-out and language share one row above the navigation: the header's
    // account block is no taller than one button.
    const summary = menu.locator("summary");
    const language = page.getByRole("button", { name: "English" });
    const [summaryBox, languageBox] = [await summary.boundingBox(), await language.boundingBox()];
    expect(summaryBox && languageBox && Math.abs(summaryBox.y - languageBox.y) < 12, "same row").toBe(true);
    await expect(page.getByRole("button", { name: "退出登录" })).toBeHidden();
    await summary.click();
    await expect(page.getByRole("link", { name: /消息/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await scrollsSideways(page), "nothing scrolls sideways").toBe(false);
    await page.getByRole("button", { name: "退出登录" }).click();
    await expect(page.getByTestId("account-menu")).toHaveCount(0);
  });
});
