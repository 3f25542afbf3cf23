import { test, expect, waitForHydration } from "./fixtures";

test("the language switch turns the page to English and back without a reload", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  // A marker that a full page load would wipe out.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Research in Chengdu, manufacturing across the region",
  );
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByTestId("city-cards")).toContainText("Deyang");
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

  // The choice is remembered: a reload comes back in English, rendered so by the server.
  const response = await page.reload();
  expect(await response?.text()).toContain('<html lang="en"');
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Research in Chengdu, manufacturing across the region",
  );

  await waitForHydration(page);
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("研发在成都，制造在德眉资");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
});
