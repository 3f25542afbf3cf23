import { test, expect, waitForHydration } from "./fixtures";

test("the home page renders in Chinese for an English browser", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1, name: "研发在成都，制造在德眉资" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText("成德眉资机器人产业联盟");
  const cards = page.getByTestId("city-cards");
  for (const city of ["成都", "德阳", "眉山", "资阳"]) {
    await expect(cards.getByRole("heading", { name: city })).toBeVisible();
  }
  await expect(cards.getByRole("listitem").filter({ hasText: "成都" })).toContainText("研发中心");
  await expect(page).toHaveTitle(/联盟协作平台/);
  await waitForHydration(page);
});

test("an unknown address shows the 404 page with a way home", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "找不到这个页面" })).toBeVisible();
  await waitForHydration(page);
  await page.getByRole("main").getByRole("link", { name: "返回首页" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: "研发在成都，制造在德眉资" })).toBeVisible();
});
