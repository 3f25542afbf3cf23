import { test, expect, waitForHydration, seriousA11yViolations } from "./fixtures";

const PASSWORD = "alliance-demo-2026";
const COLLEAGUE_PASSWORD = "amber ferry whistles north";

test("a representative invites a colleague, who sets a password through the link and signs in", async ({ page, browser }, testInfo) => {
  const tag = testInfo.project.name === "phone" ? "p" : "d";
  const email = `colleague-${tag}-${Date.now()}@dongfang.example.cn`;
  const name = `吴晓${tag === "p" ? "平" : "东"}`;

  await page.goto("/signin");
  await waitForHydration(page);
  await page.getByLabel("邮箱").fill("dongfang@demo.alliance-hub.cn");
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("signed-in-user")).toContainText("赵强");
  await page.getByRole("link", { name: "同事" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("企业代表");
  await waitForHydration(page);
  expect(await seriousA11yViolations(page)).toEqual([]);

  // A representative adds alongside; only the bureau replaces someone.
  await expect(page.getByLabel("接替（其账户将被停用）")).toHaveCount(0);
  await page.getByLabel("姓名").fill(name);
  await page.getByLabel("邮箱").fill(email);
  await page.getByRole("button", { name: "生成链接" }).click();
  const panel = page.getByTestId("issued-link");
  await expect(panel).toContainText(email);
  await expect(page.getByTestId("representatives")).toContainText(name);
  await expect(page.getByTestId("representatives")).toContainText("已邀请，尚未设置密码");
  const link = await page.getByLabel("一次性链接").inputValue();
  expect(link).toMatch(/^http:\/\/[^/]+\/link\/[A-Za-z0-9_-]{43}$/);

  // The colleague, in a browser of their own, follows the link.
  const context = await browser.newContext();
  const colleague = await context.newPage();
  await colleague.goto(link);
  await waitForHydration(colleague);
  await expect(colleague.getByRole("heading", { level: 1 })).toHaveText("欢迎使用联盟平台");
  await expect(colleague.getByTestId("link-email")).toHaveText(email);
  expect(await seriousA11yViolations(colleague)).toEqual([]);
  // A common password is refused with the reason, and what was typed for it is the only loss.
  await colleague.getByLabel("密码", { exact: true }).fill("Deyang@2025");
  await colleague.getByLabel("再次输入密码").fill("Deyang@2025");
  await colleague.getByRole("button", { name: "设置密码" }).click();
  await expect(colleague.locator("#link-password-error")).not.toBeEmpty();
  await colleague.getByLabel("密码", { exact: true }).fill(COLLEAGUE_PASSWORD);
  await colleague.getByLabel("再次输入密码").fill(COLLEAGUE_PASSWORD);
  await colleague.getByRole("button", { name: "设置密码" }).click();

  // On to sign-in, with the email already there.
  await expect(colleague).toHaveURL(/\/signin\?password_set=1$/);
  await expect(colleague.getByRole("status").filter({ hasText: "密码已设置" })).toBeVisible();
  await waitForHydration(colleague);
  await expect(colleague.getByLabel("邮箱")).toHaveValue(email);
  await colleague.getByLabel("密码").fill(COLLEAGUE_PASSWORD);
  await colleague.getByRole("button", { name: "登录" }).click();
  await expect(colleague.getByTestId("signed-in-user")).toContainText(name);

  // The link is spent.
  const again = await context.newPage();
  await again.goto(link);
  await expect(again.getByTestId("link-problem")).toContainText("此链接已经使用过");
  await context.close();
});
