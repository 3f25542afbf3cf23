import { test, expect, waitForHydration, creditCode, signIn, confirmStep } from "./fixtures";

const DEMO_PASSWORD = "alliance-demo-2026";
const REP_PASSWORD = "violet kettle orbit lanterns";

test("a Meishan reducer maker lists a certified capability, Meishan verifies it, and the directory finds it", async ({ page, browser }, testInfo) => {
  // Each browser project registers a firm of its own.
  const tag = testInfo.project.name === "phone" ? "P" : "D";
  const stamp = Date.now() % 100000;
  const firm = `眉山测试谐波减速器有限公司${tag}${stamp}`;
  const code = creditCode(`91511400MA6E2F${tag}${String(stamp % 100).padStart(2, "0")}`);
  const email = `caps-${tag}-${Date.now()}@e2e.alliance-hub.cn`;

  // The firm registers in Meishan ...
  await page.goto("/register");
  await waitForHydration(page);
  await page.getByLabel("企业法定名称").fill(firm);
  await page.getByLabel("统一社会信用代码").fill(code);
  await page.getByLabel("所在城市").selectOption({ label: "眉山" });
  await page.getByLabel("机构类型").selectOption({ label: "制造企业" });
  await page.getByLabel("您的姓名").fill("吴刚");
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码", { exact: true }).fill(REP_PASSWORD);
  await page.getByLabel("再次输入密码").fill(REP_PASSWORD);
  await page.getByRole("button", { name: "提交注册" }).click();
  await expect(page.getByRole("status")).toContainText("注册已提交");

  // ... and Meishan's official approves it.
  const official = await browser.newPage();
  await signIn(official, "meishan@demo.alliance-hub.cn", DEMO_PASSWORD, "张敏");
  await official.getByRole("link", { name: "注册审核" }).click();
  const pending = official.getByRole("listitem").filter({ has: official.getByRole("heading", { name: firm }) });
  await pending.getByRole("button", { name: "通过" }).click();
  await expect(official.getByRole("heading", { name: firm })).toHaveCount(0);

  // The representative adds a capability with its level and figures ...
  await signIn(page, email, REP_PASSWORD, "吴刚");
  await page.getByRole("link", { name: "本企业" }).click();
  await expect(page.getByRole("heading", { level: 1, name: firm })).toBeVisible();
  await waitForHydration(page);
  const add = page.getByRole("region", { name: "登记一项能力" });
  await add.getByLabel("能力").selectOption({ label: "谐波减速器" });
  await add.getByLabel("生产水平").selectOption({ label: "小批量" });
  await add.getByLabel("月产能（件）").fill("200");
  await add.getByLabel("交期（天）").fill("30");
  await add.getByRole("button", { name: "登记能力" }).click();
  const entry = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /谐波减速器/ }) });
  await expect(entry).toContainText("企业自报");

  // ... and lists its ISO 9001 certificate for it.
  await entry.getByText("修改、登记证书或删除").click();
  await entry.getByLabel("证书编号").fill("00126Q30001R0M");
  await entry.getByLabel("发证机构").fill("中国质量认证中心");
  await entry.getByLabel("有效期至").fill("2029-06-30");
  await entry.getByRole("button", { name: "登记证书" }).click();
  await expect(entry).toContainText("已登记证书");
  await expect(entry.getByRole("table")).toContainText("ISO 9001");

  // Meishan's official finds the firm by a two-character word and verifies the capability.
  await official.goto("/firms?q=" + encodeURIComponent("减速"));
  await official.getByRole("link", { name: firm }).click();
  await expect(official.getByRole("heading", { level: 1, name: firm })).toBeVisible();
  await waitForHydration(official);
  const seen = official.getByRole("listitem").filter({ has: official.getByRole("heading", { name: /谐波减速器/ }) });
  const says = await confirmStep(seen, "核验这项能力", "确认核验");
  expect(says).toContain("核验表示您已核对过这项能力及其证书");
  await expect(seen).toContainText("已核验");
  await expect(seen).toContainText("张敏");

  // The directory, filtered by the capability and "verified only", shows the firm.
  await official.goto("/firms");
  await official.getByLabel("能力", { exact: true }).selectOption({ label: "谐波减速器" });
  await official.getByLabel("仅显示已核验").check();
  await official.getByRole("button", { name: "搜索", exact: true }).click();
  await expect(official).toHaveURL(/verified=1/);
  await expect(official.getByTestId("directory-results")).toContainText(firm);
  // The search 减速 finds reducer makers; a word nobody uses finds nothing, and says what to try.
  await official.getByLabel("搜索企业名称和简介").fill("减速");
  await official.getByRole("button", { name: "搜索", exact: true }).click();
  await expect(official.getByTestId("directory-results")).toContainText(firm);
  await official.goto("/firms?q=" + encodeURIComponent("潜水艇"));
  await expect(official.getByTestId("directory-empty")).toContainText("试试");
  await official.close();
});
