import { test, expect } from "./fixtures";

test.use({ javaScriptEnabled: false });

test("the home page reads correctly with JavaScript disabled", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1, name: "研发在成都，制造在德眉资" })).toBeVisible();
  for (const city of ["成都", "德阳", "眉山", "资阳"]) {
    await expect(page.getByTestId("city-cards").getByRole("heading", { name: city })).toBeVisible();
  }
  await expect(page.getByTestId("member-cities")).toContainText("资阳");
  await expect(page.getByText("正在加载")).toHaveCount(0);
});

test("the language switch works as a plain form with JavaScript disabled", async ({ page }) => {
  await page.goto("/no/such/page?from=test");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL(/\/no\/such\/page\?from=test$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");

  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("找不到这个页面");
});
