import { test, expect, waitForHydration } from "./fixtures";

test("the language switch brings the same page back in English, and back in Chinese", async ({ page }) => {
  await page.goto("/?from=switch");
  await waitForHydration(page);

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Research in Chengdu, manufacturing across the region",
  );
  // The same page (its address kept), now rendered in English by the server.
  await expect(page).toHaveURL(/\/\?from=switch$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByTestId("city-cards")).toContainText("Deyang");

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
