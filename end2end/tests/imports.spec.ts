import { readFileSync } from "node:fs";
import { test, expect, waitForHydration, creditCode, signIn, seriousA11yViolations } from "./fixtures";

const DEMO_PASSWORD = "alliance-demo-2026";

test("a Deyang official imports a spreadsheet of firms: two bad rows explained, the valid rows land in the directory", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const tag = testInfo.project.name === "phone" ? "P" : "D";
  const stamp = String(Date.now() % 100000).padStart(5, "0");
  const first = `德阳导入测试甲${tag}${stamp}有限公司`;
  const second = `德阳导入测试乙${tag}${stamp}有限公司`;
  const code = (n: number) => creditCode(`91510600MA6G${tag}${stamp.slice(2)}${n}`);

  await signIn(page, "deyang@demo.alliance-hub.cn", DEMO_PASSWORD, "李伟");
  await page.goto("/firms");
  await page.getByRole("link", { name: "批量导入企业" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "批量导入企业" })).toBeVisible();
  await waitForHydration(page);

  // The template: UTF-8 with its BOM, headed in Chinese.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载中文模板" }).click();
  const template = readFileSync(await (await downloading).path());
  expect([...template.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const header = template.subarray(3).toString("utf-8").trim();
  expect(header.startsWith("企业名称,英文名称,统一社会信用代码,所在城市,机构类型")).toBeTruthy();

  // Filled in: two good rows, a wrong check character and a misspelt capability.
  const columns = header.split(",");
  const row = (cells: Record<string, string>) => columns.map((c) => cells[c] ?? "").join(",");
  const wrongCheck = code(3).slice(0, 17) + (code(3).endsWith("0") ? "1" : "0");
  const lines = [
    header,
    row({ 企业名称: first, 统一社会信用代码: code(1), 机构类型: "制造企业", 能力: "谐波减速器（批量生产，800/月，20天）" }),
    row({ 企业名称: `德阳导入测试错码${tag}${stamp}`, 统一社会信用代码: wrongCheck, 机构类型: "制造企业" }),
    row({ 企业名称: second, 统一社会信用代码: code(2), 所在城市: "德阳", 机构类型: "零部件供应商", 能力: "伺服电机" }),
    row({ 企业名称: `德阳导入测试拼错${tag}${stamp}`, 统一社会信用代码: code(4), 机构类型: "制造企业", 能力: "谐波减素器" }),
  ];
  await page.getByLabel("CSV 文件").setInputFiles({
    name: "企业名单.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("\ufeff" + lines.join("\r\n") + "\r\n", "utf-8"),
  });
  await page.getByRole("button", { name: "上传并检查" }).click();

  // The preview explains both bad rows, each naming its column.
  await expect(page).toHaveURL(/\/firms\/import\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: "导入预览" })).toBeVisible();
  const problems = page.getByRole("region", { name: "有问题的行（不会导入）" });
  const bad = problems.getByTestId("import-row");
  await expect(bad).toHaveCount(2);
  await expect(bad.nth(0)).toContainText("统一社会信用代码：最后一位校验码与前 17 位不符");
  await expect(bad.nth(1)).toContainText("能力：不在能力目录中");
  await expect(bad.nth(1)).toContainText("最接近的目录项： 谐波减速器");
  expect(await seriousA11yViolations(page)).toEqual([]);

  // Nothing is imported yet; confirming imports the two valid rows.
  await waitForHydration(page);
  await page.getByRole("button", { name: /确认导入可导入的行/ }).click();
  await expect(page.getByRole("status")).toContainText("导入完成，新增企业： 2");

  // Both are in the directory, as approved members of Deyang.
  await page.goto("/firms?q=" + encodeURIComponent(`导入测试`) + "&city=deyang");
  await expect(page.getByRole("link", { name: first })).toBeVisible();
  await expect(page.getByRole("link", { name: second })).toBeVisible();
});

test("a firm representative is offered neither import nor export", async ({ page }) => {
  await signIn(page, "dongfang@demo.alliance-hub.cn", DEMO_PASSWORD, "赵强");
  await page.goto("/firms");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "批量导入企业" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "导出为表格（CSV）" })).toHaveCount(0);
  const refused = await page.request.get("/api/export_firms");
  expect(refused.status()).toBe(403);
});
