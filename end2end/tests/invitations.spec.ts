import { test, expect, waitForHydration, signIn, seriousA11yViolations, confirmStep, scrollsSideways } from "./fixtures";

const DEMO_PASSWORD = "alliance-demo-2026";
const DEYANG_FIRM = "德阳东方精密传动有限公司";
const MEISHAN_FIRM = "眉山新材磁业有限公司";

test("Chengdu invites the top Deyang firm and a Meishan firm, the Deyang firm's proposal is selected, the Meishan firm reads it was not, and the started project's prototype milestone is reported on with a PDF (an HTML file named .pdf refused first), handed in, returned, handed in again and accepted; a high risk escalated turns it amber, its timeline draws, and the portfolio lists it", async ({ page, browser }, testInfo) => {
  // Three accounts, a project from scratch, two invitations, two answers and a selection.
  test.setTimeout(180_000);
  const tag = testInfo.project.name === "phone" ? "P" : "D";
  const title = `关节减速器与磁钢配套${tag}${Date.now() % 100000}`;

  // Chengdu's official posts a call with two needs and publishes it.
  await signIn(page, "chengdu@demo.alliance-hub.cn", DEMO_PASSWORD, "王磊");
  await page.goto("/projects/new");
  await waitForHydration(page);
  await page.getByLabel("项目名称").fill(title);
  await page.getByLabel("公开摘要").fill("为协作机器人关节征集谐波减速器与磁钢配套。");
  await page.getByLabel("产业链环节").selectOption({ label: "核心零部件" });
  await page.getByLabel("研发阶段").selectOption({ label: "孵化培育" });
  await page.getByLabel("或填写牵头单位名称").fill("蜀都理工大学机器人学院");
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await waitForHydration(page);
  const addNeed = page.getByTestId("add-need");
  for (const [capability, quantity] of [
    ["谐波减速器", "300"],
    ["钕铁硼永磁体", "2000"],
  ]) {
    await addNeed.getByLabel("能力", { exact: true }).selectOption({ label: capability });
    await addNeed.getByLabel("生产水平（至少）").selectOption({ label: "小批量" });
    await addNeed.getByLabel("数量").fill(quantity);
    await page.getByRole("button", { name: "添加需求" }).click();
    await expect(page.getByTestId("need").filter({ hasText: capability })).toBeVisible();
  }
  await confirmStep(page, "发布征集", "确认发布");
  await expect(page.getByTestId("project-status")).toHaveText("征集中");
  const projectUrl = page.url();

  // The Meishan firm offers its help for the reducers need.
  const meishan = await browser.newPage();
  await signIn(meishan, "xincai@demo.alliance-hub.cn", DEMO_PASSWORD, "孙丽");
  await meishan.goto(projectUrl);
  await waitForHydration(meishan);
  await meishan.getByLabel("针对").selectOption({ label: "谐波减速器" });
  await meishan.getByLabel("留言").fill("我司可为关节减速器配套磁钢，也愿意参与整体方案。");
  await meishan.getByRole("button", { name: "发送合作意向" }).click();
  await expect(meishan.getByText("已发送，发布城市会收到通知。")).toBeVisible();

  // The official invites the Meishan firm from its interest, in one step ...
  await page.reload();
  await waitForHydration(page);
  const interest = page.getByTestId("interest").filter({ hasText: MEISHAN_FIRM });
  await interest.locator("summary", { hasText: "邀请该企业报价" }).click();
  await interest.getByLabel("邀请说明").fill("请就 300 套谐波减速器报价。");
  await interest.getByRole("button", { name: "发出邀请" }).click();
  await expect(page.getByTestId("notice")).toHaveText("已邀请 1 家企业。");

  // ... and the top Deyang candidate from the ranked list.
  await page.getByTestId("need").filter({ hasText: "谐波减速器" }).getByRole("link", { name: "查看候选企业" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "候选企业：谐波减速器" })).toBeVisible();
  await waitForHydration(page);
  const invitations = page.getByTestId("invitations");
  await expect(invitations.getByTestId("invitation").filter({ hasText: MEISHAN_FIRM })).toContainText("待答复");
  const topDeyang = page.getByTestId("candidate").filter({ hasText: DEYANG_FIRM }).first();
  await topDeyang.getByLabel("邀请", { exact: true }).check();
  await page.getByLabel("邀请说明").fill("请就 300 套谐波减速器报价，月供 100 套。");
  await page.getByRole("button", { name: "发出邀请" }).click();
  await expect(invitations.getByTestId("invitation")).toHaveCount(2);
  await expect(invitations.getByTestId("invitation").filter({ hasText: DEYANG_FIRM })).toContainText("待答复");
  expect(await seriousA11yViolations(page)).toEqual([]);

  // The Deyang representative is told, and accepts with a proposal.
  const deyang = await browser.newPage();
  await signIn(deyang, "dongfang@demo.alliance-hub.cn", DEMO_PASSWORD, "赵强");
  await deyang.goto("/inbox");
  await expect(deyang.getByTestId("notifications")).toContainText(`您的企业受邀参与项目“${title}”`);
  await deyang.goto("/invitations");
  await waitForHydration(deyang);
  const deyangInvitation = deyang.getByTestId("own-invitation").filter({ hasText: title });
  await expect(deyangInvitation).toContainText("待答复");
  await deyangInvitation.getByLabel("最低报价（万元）").fill("12");
  await deyangInvitation.getByLabel("最高报价（万元）").fill("15.5");
  await deyangInvitation.getByLabel("交付周期（天）").fill("45");
  await deyangInvitation.getByLabel("报价说明").fill("含税，首批 100 套 30 天内交付。");
  await deyangInvitation.getByRole("button", { name: "接受邀请并提交报价" }).click();
  await expect(deyangInvitation.getByTestId("invitation-status")).toHaveText("已接受，已报价");
  await expect(deyangInvitation.getByTestId("own-proposal")).toContainText("12 – 15.5");

  // The Meishan representative declines, with a reason.
  await meishan.goto("/invitations");
  await waitForHydration(meishan);
  const meishanInvitation = meishan.getByTestId("own-invitation").filter({ hasText: title });
  await meishanInvitation.getByLabel("谢绝原因").selectOption({ label: "不在我们的业务范围内" });
  await meishanInvitation.getByLabel(/补充说明/).fill("减速器不是我司产品，磁钢可另行配套。");
  await meishanInvitation.getByRole("button", { name: "谢绝邀请" }).click();
  await expect(meishanInvitation.getByTestId("invitation-status")).toHaveText("已谢绝");

  // The official compares the proposals and selects the Deyang one.
  await page.reload();
  await waitForHydration(page);
  const proposal = page.getByTestId("proposal").filter({ hasText: DEYANG_FIRM });
  await expect(proposal.getByTestId("proposal-price")).toHaveText("12 – 15.5");
  await expect(invitations.getByTestId("decline")).toContainText("不在我们的业务范围内");
  const says = await confirmStep(proposal, "选定该报价", "确认选定");
  expect(says).toContain(`${DEYANG_FIRM} 成为此需求的参与方并收到通知`);
  await expect(page.getByTestId("participant")).toContainText(DEYANG_FIRM);

  // The project shows one of its two needs covered, by the Deyang firm.
  await page.goto(projectUrl);
  await expect(page.getByTestId("coverage")).toHaveText("已落实 1 / 2 项需求");
  await expect(page.getByTestId("need").filter({ hasText: "谐波减速器" }).getByTestId("filled-by")).toContainText(DEYANG_FIRM);
  // Its invitations and participant stay one link away, where the selection can be revoked.
  await expect(page.getByTestId("need").filter({ hasText: "谐波减速器" }).getByRole("link", { name: "邀请与报价" })).toBeVisible();

  // The Meishan firm reads "not selected", and nowhere the Deyang price.
  await meishan.goto("/invitations");
  const outcome = meishan.getByTestId("own-invitation").filter({ hasText: title });
  await expect(outcome.getByTestId("invitation-status")).toHaveText("未选中");
  await expect(outcome).not.toContainText("15.5");
  await meishan.goto("/inbox");
  await expect(meishan.getByTestId("notifications")).toContainText(`项目“${title}”的该需求已选定承接企业`);
  await meishan.goto(page.url());
  await expect(meishan.locator("body")).not.toContainText("15.5");
  // The Deyang firm reads it was selected.
  await deyang.goto("/invitations");
  await expect(deyang.getByTestId("own-invitation").filter({ hasText: title }).getByTestId("invitation-status")).toHaveText("已选定");

  // Chengdu starts the project: the Deyang firm's milestones are drafted from its need
  // (harmonic reducers in small batches: prototype, bench qualification, samples, small batch).
  await page.goto(projectUrl);
  await waitForHydration(page);
  await confirmStep(page, "开始执行", "确认开始执行");
  await expect(page.getByTestId("project-status")).toHaveText("执行中");
  // The project's page leads to its execution page, where the milestones are.
  const executionUrl = `${projectUrl}/execution`;
  await expect(page.getByTestId("execution-link").getByTestId("health")).toHaveText("绿色（正常）");
  await page.getByRole("link", { name: "查看执行情况" }).click();
  await expect(page).toHaveURL(executionUrl);
  const drafted = page.getByTestId("participant-milestones").filter({ hasText: DEYANG_FIRM });
  await expect(drafted.getByTestId("milestone")).toHaveCount(4);
  await expect(drafted.getByTestId("milestone").filter({ hasText: "台架验证" })).toContainText("回差");

  // The Deyang firm reports on its prototype with a PDF: an HTML page named .pdf is refused
  // first, with what was typed kept; the report then shows on the milestone, which is in
  // progress, and its file downloads.
  await deyang.goto(executionUrl);
  await waitForHydration(deyang);
  const prototype = deyang.getByTestId("milestone").filter({ hasText: "样机" });
  const reportForm = deyang.getByTestId("participant-milestones").getByTestId("report-form");
  await reportForm.getByText("提交进度报告").click();
  await reportForm.getByLabel("里程碑").selectOption({ label: "样机" });
  await reportForm.getByLabel("完成百分比").fill("80");
  await reportForm.getByLabel("进展说明").fill("样机完成装配，台架测试通过八成项目。");
  await reportForm.getByLabel("附件").setInputFiles({
    name: "测试报告.pdf", mimeType: "application/pdf", buffer: Buffer.from("<html><body>not a pdf</body></html>"),
  });
  await reportForm.getByRole("button", { name: "提交报告" }).click();
  await expect(reportForm.getByTestId("files-error")).toContainText("文件类型按内容判断");
  await expect(reportForm.getByLabel("进展说明")).toHaveValue("样机完成装配，台架测试通过八成项目。");
  await expect(reportForm.getByLabel("完成百分比")).toHaveValue("80");
  const pdf = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
  await reportForm.getByLabel("附件").setInputFiles({ name: "样机测试报告.pdf", mimeType: "application/pdf", buffer: pdf });
  await reportForm.getByRole("button", { name: "提交报告" }).click();
  await expect(prototype.getByTestId("latest-report")).toContainText("样机完成装配，台架测试通过八成项目。");
  await expect(prototype.getByTestId("report-percent")).toHaveText("80%");
  await expect(prototype.getByTestId("milestone-state")).toHaveText("进行中");
  const downloaded = deyang.waitForEvent("download");
  await prototype.getByTestId("report-file").click();
  expect((await downloaded).suggestedFilename()).toBe("样机测试报告.pdf");

  // The Deyang firm hands its prototype in for acceptance.
  await prototype.getByRole("button", { name: "提交验收" }).click();
  await expect(prototype.getByTestId("milestone-state")).toHaveText("待验收");

  // Chengdu returns it with a reason, which the firm reads; it hands it in again.
  await page.reload();
  await waitForHydration(page);
  const handedIn = page.getByTestId("milestone").filter({ hasText: "样机" });
  await handedIn.getByLabel("退回原因").fill("请补充寿命试验数据。");
  await handedIn.getByRole("button", { name: "退回", exact: true }).click();
  await expect(handedIn.getByTestId("milestone-state")).toHaveText("已退回");
  await deyang.reload();
  await waitForHydration(deyang);
  await expect(prototype).toContainText("请补充寿命试验数据。");
  await prototype.getByRole("button", { name: "提交验收" }).click();
  await expect(prototype.getByTestId("milestone-state")).toHaveText("待验收");

  // Chengdu accepts it; the Meishan firm, which takes no part, sees no milestones.
  await page.reload();
  await waitForHydration(page);
  await handedIn.getByRole("button", { name: "通过验收" }).click();
  await expect(handedIn.getByTestId("milestone-state")).toHaveText("已验收");
  expect(await seriousA11yViolations(page)).toEqual([]);
  await meishan.goto(executionUrl);
  await expect(meishan.getByTestId("milestones")).toHaveCount(0);

  // Chengdu records a high risk and escalates it to the coordination meetings: the project
  // turns amber and says why.
  await waitForHydration(page);
  const addRisk = page.getByTestId("add-risk");
  await addRisk.getByLabel("风险名称").fill("柔轮寿命试验排期紧张");
  await addRisk.getByLabel("严重程度").selectOption({ label: "高" });
  await addRisk.getByLabel("可能性").selectOption({ label: "中" });
  await addRisk.getByLabel("负责人").selectOption({ label: `参与单位：${DEYANG_FIRM}` });
  await addRisk.getByRole("button", { name: "登记" }).click();
  const risk = page.getByTestId("risk").filter({ hasText: "柔轮寿命试验排期紧张" });
  await expect(risk).toBeVisible();
  await risk.locator("summary", { hasText: "提交协调会" }).click();
  await risk.getByLabel("提交理由").fill("试验台需两市共用，请协调会统筹。");
  await risk.getByRole("button", { name: "提交", exact: true }).click();
  await expect(risk.getByTestId("risk-escalated")).toBeVisible();
  const health = page.getByTestId("project-health");
  await expect(health.getByTestId("health").first()).toHaveText("黄色（需关注）");
  await expect(health.getByTestId("health-reasons")).toContainText("高风险「柔轮寿命试验排期紧张」尚未缓解");

  // The timeline draws the participant's four milestones, today's line, and the same facts as
  // a table; on a phone it scrolls inside its own box, never the page.
  const timeline = page.getByTestId("timeline");
  await expect(timeline.locator("rect")).toHaveCount(4);
  await expect(timeline.getByTestId("timeline-today")).toHaveCount(1);
  await expect(timeline.getByTestId("timeline-table").locator("tbody tr")).toHaveCount(4);
  if (testInfo.project.name !== "no-javascript") expect(await scrollsSideways(page)).toBe(false);
  expect(await seriousA11yViolations(page)).toEqual([]);

  // The portfolio lists it, amber, with its reason; the Deyang firm's lists it too.
  await page.goto("/execution?health=amber");
  const row = page.getByTestId("portfolio-row").filter({ hasText: title });
  await expect(row.getByTestId("health")).toHaveText("黄色（需关注）");
  await expect(row).toContainText("柔轮寿命试验排期紧张");
  await deyang.goto("/execution");
  await expect(deyang.getByTestId("portfolio-row").filter({ hasText: title })).toBeVisible();

  // Chengdu pays the Deyang firm from the city fund, which planned nothing: the overspend needs
  // its reason. The firm reads its payment, and asks Chengdu's official in the discussion.
  await page.goto(executionUrl);
  await waitForHydration(page);
  const pay = page.getByTestId("record-payment");
  await pay.getByLabel("金额（万元）").fill("30");
  await pay.getByLabel("资金来源").selectOption({ label: "市级资金" });
  await pay.getByLabel("收款方").selectOption({ label: DEYANG_FIRM });
  await pay.getByRole("button", { name: "登记拨付" }).click();
  await expect(pay.getByText("这笔拨付会使该资金来源超出计划金额，请填写超支原因。")).toBeVisible();
  await expect(pay.getByLabel("金额（万元）")).toHaveValue("30");
  await pay.getByLabel("超支原因").fill("市级资金尚未列入预算，先行拨付样机费用。");
  await pay.getByRole("button", { name: "登记拨付" }).click();
  await expect(page.getByTestId("payment")).toContainText(DEYANG_FIRM);
  await expect(page.getByTestId("overspent")).toBeVisible();
  await deyang.goto(executionUrl);
  await waitForHydration(deyang);
  await expect(deyang.getByTestId("payment")).toContainText("先行拨付样机费用");
  await deyang.getByLabel("留言").fill("@王磊 样机检测报告已上传，请查阅。");
  await deyang.getByRole("button", { name: "发送", exact: true }).click();
  await expect(deyang.getByTestId("message").last()).toContainText("样机检测报告已上传");
  await page.goto("/inbox");
  await expect(page.getByText("在项目「" + title + "」的讨论中提到了你")).toBeVisible();
});
