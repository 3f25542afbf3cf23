import { test, expect, waitForHydration, creditCode, signIn, confirmStep } from "./fixtures";

const DEMO_PASSWORD = "alliance-demo-2026";
const REP_PASSWORD = "amber compass meadow rivets";

test("Chengdu posts a project with two needs, a visitor finds the call, a Ziyang firm answers it, and Deyang cannot edit it", async ({ page, browser }, testInfo) => {
  // A long journey: five accounts, a registration, a project from scratch.
  test.setTimeout(120_000);
  const tag = testInfo.project.name === "phone" ? "P" : "D";
  const stamp = Date.now() % 100000;
  const title = `协作机器人关节模组联合研发${tag}${stamp}`;

  // Chengdu's official posts the project as a draft ...
  await signIn(page, "chengdu@demo.alliance-hub.cn", DEMO_PASSWORD, "王磊");
  await page.getByRole("link", { name: "项目", exact: true }).click();
  await page.getByRole("link", { name: "发布新项目" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "发布新项目" })).toBeVisible();
  await waitForHydration(page);
  await page.getByLabel("项目名称").fill(title);
  await page.getByLabel("公开摘要").fill("研发轻量化协作机器人关节模组，征集谐波减速器与精密机加工配套。");
  await page.getByLabel("详细说明").fill("预算与分工见附件。内部联系人：王磊。");
  await page.getByLabel("产业链环节").selectOption({ label: "模组" });
  await page.getByLabel("研发阶段").selectOption({ label: "孵化培育" });
  await page.getByLabel("或填写牵头单位名称").fill("蜀都理工大学机器人学院");
  await page.getByLabel("市级资金（万元）").fill("300");
  await page.getByLabel("省级补助（万元）").fill("120.5");
  await page.getByLabel("开始日期").fill("2027-01-01");
  await page.getByLabel("结束日期").fill("2027-12-31");
  await page.getByLabel("医疗").check();
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId("project-status")).toHaveText("草稿");
  await expect(page.getByTestId("project-budget")).toHaveText("420.5 万元");
  await waitForHydration(page);

  // ... adds two needs ...
  for (const [capability, quantity, city] of [
    ["谐波减速器", "200", "资阳"],
    ["精密机加工", "500", "德阳"],
  ]) {
    await page.getByTestId("add-need").getByLabel("能力", { exact: true }).selectOption({ label: capability });
    await page.getByTestId("add-need").getByLabel("生产水平（至少）").selectOption({ label: "小批量" });
    await page.getByTestId("add-need").getByLabel("数量").fill(quantity);
    await page.getByTestId("add-need").getByLabel("ISO 9001").check();
    await page.getByTestId("add-need").getByLabel(city).check();
    await page.getByRole("button", { name: "添加需求" }).click();
    await expect(page.getByTestId("need").filter({ hasText: capability })).toBeVisible();
  }
  await expect(page.getByTestId("need")).toHaveCount(2);

  // ... and publishes it, after a step that says what publishing does: opening the step sends
  // nothing, its own button does.
  await page.locator("summary", { hasText: "发布征集" }).click();
  await expect(page.getByTestId("confirm-says").filter({ visible: true })).toHaveText(/发布后，联盟内的企业都能在“公开征集”中看到这个项目/);
  await expect(page.getByTestId("project-status")).toHaveText("草稿");
  await page.getByRole("button", { name: "确认发布", exact: true }).click();
  await expect(page.getByTestId("project-status")).toHaveText("征集中");
  await expect(page.getByTestId("history")).toContainText("将状态改为“征集中”");
  const projectUrl = page.url();

  // A visitor sees the call with its public part only.
  const visitor = await browser.newPage();
  await visitor.goto("/calls");
  await visitor.getByLabel("搜索项目").fill(title);
  await visitor.getByRole("button", { name: "搜索", exact: true }).click();
  await visitor.getByRole("link", { name: title }).click();
  await expect(visitor.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(visitor.getByText("研发轻量化协作机器人关节模组")).toBeVisible();
  await expect(visitor.getByTestId("public-note")).toBeVisible();
  await expect(visitor.getByText("内部联系人")).toHaveCount(0);
  await expect(visitor.getByText("420.5")).toHaveCount(0);

  // A Ziyang joint maker registers, Ziyang's official approves it ...
  const firm = `资阳测试关节制造有限公司${tag}${stamp}`;
  const email = `projects-${tag}-${Date.now()}@e2e.alliance-hub.cn`;
  const rep = await browser.newPage();
  await rep.goto("/register");
  await waitForHydration(rep);
  await rep.getByLabel("企业法定名称").fill(firm);
  await rep.getByLabel("统一社会信用代码").fill(creditCode(`91512000MA6E3F${tag}${String(stamp % 100).padStart(2, "0")}`));
  await rep.getByLabel("所在城市").selectOption({ label: "资阳" });
  await rep.getByLabel("机构类型").selectOption({ label: "制造企业" });
  await rep.getByLabel("您的姓名").fill("何平");
  await rep.getByLabel("邮箱").fill(email);
  await rep.getByLabel("密码", { exact: true }).fill(REP_PASSWORD);
  await rep.getByLabel("再次输入密码").fill(REP_PASSWORD);
  await rep.getByRole("button", { name: "提交注册" }).click();
  await expect(rep.getByRole("status")).toContainText("注册已提交");
  const ziyang = await browser.newPage();
  await signIn(ziyang, "ziyang@demo.alliance-hub.cn", DEMO_PASSWORD, "刘洋");
  await ziyang.getByRole("link", { name: "注册审核" }).click();
  const pending = ziyang.getByRole("listitem").filter({ has: ziyang.getByRole("heading", { name: firm }) });
  await pending.getByRole("button", { name: "通过" }).click();
  await expect(ziyang.getByRole("heading", { name: firm })).toHaveCount(0);

  // ... and its representative expresses interest in the reducer need.
  await signIn(rep, email, REP_PASSWORD, "何平");
  await rep.goto(projectUrl);
  await waitForHydration(rep);
  await expect(rep.getByTestId("project-description")).toContainText("内部联系人");
  await rep.getByLabel("针对").selectOption({ label: "谐波减速器" });
  await rep.getByLabel("留言").fill("我司可小批量供应谐波减速器，月产 300 台，交期 30 天。");
  await rep.getByRole("button", { name: "发送合作意向" }).click();
  await expect(rep.getByText("已发送，发布城市会收到通知。")).toBeVisible();
  await expect(rep.getByTestId("interest")).toContainText("等待答复");

  // Chengdu's official is told, sees the interest and answers it.
  await page.goto("/inbox");
  await expect(page.getByText(`${firm}对项目“${title}”表达了合作意向。`)).toBeVisible();
  await page.goto(projectUrl);
  await waitForHydration(page);
  const interest = page.getByTestId("interest").filter({ hasText: firm });
  await expect(interest).toContainText("月产 300 台");
  await interest.getByLabel("答复", { exact: true }).fill("欢迎，请下周来成都面谈。");
  await interest.getByRole("button", { name: "发送答复" }).click();
  await expect(interest.getByTestId("interest-reply")).toContainText("欢迎，请下周来成都面谈。");

  // Deyang's official reads the project but is offered no edit, and the edit page refuses.
  const deyang = await browser.newPage();
  await signIn(deyang, "deyang@demo.alliance-hub.cn", DEMO_PASSWORD, "李伟");
  await deyang.goto(projectUrl);
  await expect(deyang.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(deyang.getByRole("link", { name: "编辑项目" })).toHaveCount(0);
  await expect(deyang.getByTestId("confirm")).toHaveCount(0);
  await deyang.goto(projectUrl + "/edit");
  await expect(deyang.getByRole("heading", { level: 1, name: "无权访问" })).toBeVisible();
  await expect(deyang.getByLabel("项目名称")).toHaveCount(0);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an official creates and publishes a project, and a refused field keeps what was typed", async ({ page }, testInfo) => {
    const tag = testInfo.project.name === "phone" ? "P" : "D";
    const title = `无脚本巡检机器人项目${tag}${Date.now() % 100000}`;
    await page.goto("/signin");
    await page.getByLabel("邮箱").fill("chengdu@demo.alliance-hub.cn");
    await page.getByLabel("密码").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByTestId("signed-in-user")).toContainText("王磊");

    await page.goto("/projects/new");
    await page.getByLabel("项目名称").fill(title);
    await page.getByLabel("公开摘要").fill("研发变电站巡检机器人，征集伺服电机。");
    await page.getByLabel("产业链环节").selectOption({ label: "整机" });
    await page.getByLabel("研发阶段").selectOption({ label: "成熟落地" });
    await page.getByLabel("市级资金（万元）").fill("80");
    await page.getByLabel("开始日期").fill("2027-06-01");
    await page.getByLabel("结束日期").fill("2027-01-01");
    await page.getByRole("button", { name: "保存草稿" }).click();

    // Back on the form: the error sits next to its field, and everything typed is there.
    await expect(page.locator("#project-ends-error")).toHaveText("结束日期不能早于开始日期。");
    await expect(page.getByLabel("结束日期")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("项目名称")).toHaveValue(title);
    await expect(page.getByLabel("公开摘要")).toHaveValue("研发变电站巡检机器人，征集伺服电机。");
    await expect(page.getByLabel("市级资金（万元）")).toHaveValue("80");
    await expect(page.getByLabel("产业链环节")).toHaveValue(/\d+/);
    await expect(page.getByLabel("研发阶段")).toHaveValue("maturation");

    await page.getByLabel("结束日期").fill("2027-12-31");
    await page.getByRole("button", { name: "保存草稿" }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

    await page.getByTestId("add-need").getByLabel("能力", { exact: true }).selectOption({ label: "伺服电机" });
    await page.getByTestId("add-need").getByLabel("数量").fill("40");
    await page.getByRole("button", { name: "添加需求" }).click();
    await expect(page.getByTestId("need")).toHaveCount(1);
    await confirmStep(page, "发布征集", "确认发布");
    await expect(page.getByTestId("project-status")).toHaveText("征集中");

    // Cancelling asks for a reason: refused without one, the step comes back open with the
    // error beside the field; with one, the project ends.
    const says = await confirmStep(page, "取消项目…", "确认取消项目");
    expect(says).toContain("受邀企业和参与企业都会收到通知");
    await expect(page.getByTestId("form-refused")).toBeVisible();
    await expect(page.getByLabel("取消原因")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("project-status")).toHaveText("征集中");
    await page.getByLabel("取消原因").fill("预算调整，本年度不再实施。");
    await page.getByRole("button", { name: "确认取消项目", exact: true }).click();
    await expect(page.getByTestId("project-status")).toHaveText("已取消");
  });
});
