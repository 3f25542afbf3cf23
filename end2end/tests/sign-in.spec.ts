import { test, expect, waitForHydration, accountLinks } from "./fixtures";

// The demo accounts, which the end-to-end server loads (see the README).
const DEYANG_OFFICIAL = "deyang@demo.alliance-hub.cn";
const PASSWORD = "alliance-demo-2026";

/**
 * The wrong-password journeys each sign in as an address of their own: the answer is the same
 * as for an existing account (the integration tests show that), and the sign-in throttle, which
 * counts failures per email and client, then never mixes one journey's failures into another's.
 */
function ownEmail(project: string, journey: string): string {
  return `${journey}-${project}@demo.alliance-hub.cn`;
}

test("a Deyang official signs in, sees their name and city in the header, and signs out", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await page.getByRole("link", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await waitForHydration(page);

  await page.getByLabel("邮箱").fill(DEYANG_OFFICIAL);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();

  const user = page.getByTestId("signed-in-user");
  await expect(user).toContainText("李伟");
  await expect(user).toContainText("德阳");
  await expect(page).toHaveURL(/\/$/);

  // Their account page knows them too.
  await (await accountLinks(page)).getByRole("link", { name: /李伟/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "我的账户" })).toBeVisible();
  await expect(page.getByTestId("account-name")).toHaveText("李伟");

  await (await accountLinks(page)).getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByRole("link", { name: "登录" })).toBeVisible();
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);
  // The account page now asks to sign in.
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1, name: "请先登录" })).toBeVisible();
});

test("a wrong password with JavaScript on shows the message in place and keeps what was typed", async ({ page }, testInfo) => {
  const email = ownEmail(testInfo.project.name, "wrong-js");
  await page.goto("/signin");
  await waitForHydration(page);
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill("not the password");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert")).toHaveText("邮箱或密码不正确。");
  await expect(page.getByLabel("邮箱")).toHaveValue(email);
});

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("a wrong password shows the localized error and keeps the email typed", async ({ page, context, baseURL }, testInfo) => {
    const email = ownEmail(testInfo.project.name, "wrong-no-js");
    await context.addCookies([{ name: "lang", value: "en", url: baseURL! }]);
    await page.goto("/signin");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect(page.getByRole("alert")).toHaveText("The email or the password is not correct.");
    await expect(page.getByLabel("Email")).toHaveValue(email);
    await expect(page.getByLabel("Password")).toHaveValue("");
  });

  test("signing in and out works as plain forms", async ({ page }) => {
    await page.goto("/signin");
    await page.getByLabel("邮箱").fill(DEYANG_OFFICIAL);
    await page.getByLabel("密码").fill(PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByTestId("signed-in-user")).toContainText("李伟");
    await (await accountLinks(page)).getByRole("button", { name: "退出登录" }).click();
    await expect(page.getByRole("link", { name: "登录" })).toBeVisible();
  });
});
