import { test, expect, waitForHydration, signIn, seriousA11yViolations, confirmStep } from "./fixtures";

const DEMO_PASSWORD = "alliance-demo-2026";
const DEYANG_FIRM = "德阳东方精密传动有限公司";

test("Chengdu ranks the candidates of a need, sees why, pins a firm on top, and the Deyang firm finds the project for itself", async ({ page, browser }, testInfo) => {
  // A long journey: three accounts, a project from scratch, a ranking, a pin and a reload.
  test.setTimeout(120_000);
  const tag = testInfo.project.name === "phone" ? "P" : "D";
  const title = `关节减速器配套征集${tag}${Date.now() % 100000}`;

  // Chengdu's official posts a call for harmonic reducers, Deyang preferred, and publishes it.
  await signIn(page, "chengdu@demo.alliance-hub.cn", DEMO_PASSWORD, "王磊");
  await page.goto("/projects/new");
  await waitForHydration(page);
  await page.getByLabel("项目名称").fill(title);
  await page.getByLabel("公开摘要").fill("为协作机器人关节征集谐波减速器小批量配套。");
  await page.getByLabel("产业链环节").selectOption({ label: "核心零部件" });
  await page.getByLabel("研发阶段").selectOption({ label: "孵化培育" });
  await page.getByLabel("或填写牵头单位名称").fill("蜀都理工大学机器人学院");
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await waitForHydration(page);
  await page.getByTestId("add-need").getByLabel("能力", { exact: true }).selectOption({ label: "谐波减速器" });
  await page.getByTestId("add-need").getByLabel("生产水平（至少）").selectOption({ label: "小批量" });
  await page.getByTestId("add-need").getByLabel("数量").fill("300");
  await page.getByTestId("add-need").getByLabel("ISO 9001").check();
  await page.getByTestId("add-need").getByLabel("德阳").check();
  await page.getByRole("button", { name: "添加需求" }).click();
  await expect(page.getByTestId("need")).toHaveCount(1);
  await confirmStep(page, "发布征集", "确认发布");
  await expect(page.getByTestId("project-status")).toHaveText("征集中");
  await expect(page.getByTestId("coverage")).toHaveText("已落实 0 / 1 项需求");

  // The candidates: the Deyang reducer maker ranks first, its score explained part by part.
  await page.getByRole("link", { name: "查看候选企业" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "候选企业：谐波减速器" })).toBeVisible();
  await waitForHydration(page);
  const candidates = page.getByTestId("candidate");
  const first = candidates.first();
  await expect(first).toContainText(DEYANG_FIRM);
  await expect(first).toContainText("德阳");
  const breakdown = first.getByTestId("breakdown");
  await expect(breakdown).toBeVisible();
  await expect(breakdown).toContainText("具备所需能力");
  await expect(breakdown).toContainText("生产水平为批量生产，达到所需的小批量");
  await expect(breakdown).toContainText("持有有效认证：ISO 9001");
  await expect(breakdown).toContainText("位于需求的优先城市");
  await expect(breakdown).toContainText("已核验");
  expect(Number(await first.getByTestId("score").textContent())).toBeGreaterThan(80);
  expect(await seriousA11yViolations(page)).toEqual([]);

  // Pin the third-ranked firm with a reason: it moves to the top, marked, with the reason.
  const third = candidates.nth(2);
  const pinnedId = await third.getAttribute("data-firm");
  await third.locator("summary", { hasText: "置顶或排除…" }).click();
  await third.getByLabel("理由").fill("已承担同类关节项目，交付可靠");
  await third.getByRole("button", { name: "保存" }).click();
  const top = page.getByTestId("candidate").first();
  await expect(top).toHaveAttribute("data-firm", pinnedId!);
  await expect(top.getByTestId("override")).toContainText("已置顶");
  await expect(top.getByTestId("override")).toContainText("已承担同类关节项目，交付可靠");
  // It holds after a reload.
  await page.reload();
  await expect(page.getByTestId("candidate").first()).toHaveAttribute("data-firm", pinnedId!);

  // The Deyang firm's representative finds the call under "projects for you", with its own score.
  const rep = await browser.newPage();
  await signIn(rep, "dongfang@demo.alliance-hub.cn", DEMO_PASSWORD, "赵强");
  await rep.getByRole("link", { name: "适合我的项目" }).click();
  await expect(rep.getByRole("heading", { level: 1, name: "适合我的项目" })).toBeVisible();
  const fit = rep.getByTestId("fit").filter({ hasText: title });
  await expect(fit).toBeVisible();
  await expect(fit).toContainText("谐波减速器");
  await waitForHydration(rep);
  await fit.locator("summary", { hasText: "为什么匹配" }).click();
  await expect(fit.getByTestId("breakdown")).toContainText("具备所需能力");
  // Interest from there.
  await fit.locator("summary", { hasText: "表达合作意向" }).click();
  await fit.getByLabel("留言").fill("我司可按月供应谐波减速器 300 台。");
  await fit.getByRole("button", { name: "发送合作意向" }).click();
  await expect(rep.getByTestId("fit").filter({ hasText: title }).getByTestId("interested")).toBeVisible();
  // The candidates page is not theirs.
  await rep.goto(page.url());
  await expect(rep.getByRole("heading", { level: 1, name: "无权访问" })).toBeVisible();
  await expect(rep.getByTestId("candidate")).toHaveCount(0);
});
