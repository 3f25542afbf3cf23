import { test, expect, waitForHydration, creditCode, accountLinks } from "./fixtures";

const PASSWORD = "alliance-demo-2026";

test("a firm registers in Chinese, Deyang approves it, and its representative reads the approval", async ({ page, browser }, testInfo) => {
  // Each browser project registers a firm of its own.
  const tag = testInfo.project.name === "phone" ? "P" : "D";
  const firm = `德阳测试精工有限公司${tag}${Date.now() % 100000}`;
  const code = creditCode(`91510600MA6E2E${tag}${String(Date.now() % 100).padStart(2, "0")}`);
  const email = `rep-${tag}-${Date.now()}@e2e.alliance-hub.cn`;

  await page.goto("/");
  await waitForHydration(page);
  await page.getByRole("link", { name: "企业注册" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "企业注册" })).toBeVisible();
  await waitForHydration(page);
  await page.getByLabel("企业法定名称").fill(firm);
  await page.getByLabel("统一社会信用代码").fill(code);
  await page.getByLabel("所在城市").selectOption({ label: "德阳" });
  await page.getByLabel("机构类型").selectOption({ label: "制造企业" });
  await page.getByLabel("您的姓名").fill("钱多多");
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码", { exact: true }).fill("violet kettle orbit lanterns");
  await page.getByLabel("再次输入密码").fill("violet kettle orbit lanterns");
  await page.getByRole("button", { name: "提交注册" }).click();
  await expect(page.getByRole("status")).toContainText("注册已提交");

  // Deyang's official approves it from the queue.
  const official = await browser.newPage();
  await official.goto("/signin");
  await waitForHydration(official);
  await official.getByLabel("邮箱").fill("deyang@demo.alliance-hub.cn");
  await official.getByLabel("密码").fill(PASSWORD);
  await official.getByRole("button", { name: "登录" }).click();
  await expect(official.getByTestId("signed-in-user")).toContainText("李伟");
  await official.getByRole("link", { name: "注册审核" }).click();
  const item = official.getByRole("listitem").filter({ has: official.getByRole("heading", { name: firm }) });
  await expect(item).toContainText("510600");
  const firmId = await item.locator('input[name="firm_id"]').first().getAttribute("value");
  await item.getByRole("button", { name: "通过" }).click();
  await expect(official.getByRole("heading", { name: firm })).toHaveCount(0);
  await official.close();

  // An official of Meishan does not see it, and the server refuses if forced.
  const meishan = await browser.newPage();
  await meishan.goto("/signin");
  await waitForHydration(meishan);
  await meishan.getByLabel("邮箱").fill("meishan@demo.alliance-hub.cn");
  await meishan.getByLabel("密码").fill(PASSWORD);
  await meishan.getByRole("button", { name: "登录" }).click();
  await expect(meishan.getByTestId("signed-in-user")).toContainText("张敏");
  await meishan.goto("/approvals");
  // Meishan's queue holds Meishan's registrations (the demo data has one), never this one.
  await expect(meishan.getByRole("heading", { level: 1, name: "待审核的企业注册" })).toBeVisible();
  await expect(meishan.getByRole("heading", { name: firm })).toHaveCount(0);
  const forced = await meishan.request.post("/api/approve_firm", { form: { firm_id: firmId! } });
  expect(forced.status()).toBe(403);
  await meishan.close();

  // The representative signs in and reads the approval in the inbox.
  await page.goto("/signin");
  await waitForHydration(page);
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill("violet kettle orbit lanterns");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("unread-count")).toContainText("1");
  await (await accountLinks(page)).getByRole("link", { name: /消息/ }).click();
  await expect(page.getByTestId("notifications")).toContainText(`${firm}已通过所在城市经信局的审核`);
  await page.getByRole("button", { name: "全部标为已读" }).click();
  await expect(page.getByRole("button", { name: "全部标为已读" })).toHaveCount(0);
});
