import { test, expect, waitForHydration, signIn } from "./fixtures";

const PASSWORD = "alliance-demo-2026";

/** Counts the page's requests for the WebAssembly while `visit` runs. */
async function wasmRequests(page: import("@playwright/test").Page, visit: () => Promise<void>): Promise<number> {
  let count = 0;
  const seen = (request: import("@playwright/test").Request) => {
    if (/\/pkg\/[^/]+\.wasm$/.test(new URL(request.url()).pathname)) count += 1;
  };
  page.on("request", seen);
  await visit();
  await page.waitForLoadState("networkidle");
  page.off("request", seen);
  return count;
}

test("a page without an island downloads no WebAssembly; a page with a form does, once", async ({ page }) => {
  // Pages with no island on them (the README lists which pages have islands).
  for (const path of ["/", "/firms", "/calls"]) {
    const count = await wasmRequests(page, async () => {
      await page.goto(path);
    });
    expect(await page.locator("leptos-island").count(), `${path} holds no island`).toBe(0);
    expect(count, `${path} downloads no wasm`).toBe(0);
  }
  // The sign-in form carries the pending-state island.
  const count = await wasmRequests(page, async () => {
    await page.goto("/signin");
    await waitForHydration(page);
  });
  expect(count).toBe(1);
});

test("a submitted form's button is disabled and says so until the answer comes", async ({ page }) => {
  await page.goto("/signin");
  await waitForHydration(page);
  // The request takes its time, as on a slow network.
  await page.route("**/api/sign_in", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await route.continue();
  });
  // What the button shows while the request runs, kept where the next page can read it
  // (a test cannot look at a page while it is being replaced).
  await page.evaluate(() => {
    const button = document.querySelector<HTMLButtonElement>('form[action="/api/sign_in"] button[type="submit"]')!;
    new MutationObserver(() =>
      sessionStorage.setItem("while-sending", `${button.disabled}|${button.textContent}`),
    ).observe(button, { attributes: true, childList: true, subtree: true, characterData: true });
  });
  await page.getByLabel("邮箱").fill("chengdu@demo.alliance-hub.cn");
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("signed-in-user")).toContainText("王磊");
  expect(await page.evaluate(() => sessionStorage.getItem("while-sending"))).toBe("true|正在提交……");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a refused form comes back with every value as typed, its errors beside their fields, and a summary", async ({ page }) => {
    await page.goto("/register");
    await page.getByLabel("企业法定名称").fill("眉山回填测试有限公司");
    await page.getByLabel("统一社会信用代码").fill("91510600MA6E2E0001"); // a wrong check character
    await page.getByLabel("所在城市").selectOption({ label: "眉山" });
    await page.getByLabel("机构类型").selectOption({ label: "制造企业" });
    await page.getByLabel("您的姓名").fill("钱多多");
    await page.getByLabel("邮箱").fill("echo-test@e2e.alliance-hub.cn");
    await page.getByLabel("密码", { exact: true }).fill("violet kettle orbit lanterns");
    await page.getByLabel("再次输入密码").fill("violet kettle orbit lanterns");
    await page.getByRole("button", { name: "提交注册" }).click();

    await expect(page).toHaveURL(/\/register\?/);
    await expect(page.getByTestId("form-refused")).toBeVisible();
    await expect(page.getByTestId("form-refused")).toBeFocused();
    await expect(page.getByLabel("统一社会信用代码")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("企业法定名称")).toHaveValue("眉山回填测试有限公司");
    await expect(page.getByLabel("统一社会信用代码")).toHaveValue("91510600MA6E2E0001");
    await expect(page.getByLabel("您的姓名")).toHaveValue("钱多多");
    await expect(page.getByLabel("邮箱")).toHaveValue("echo-test@e2e.alliance-hub.cn");
    // A password is never sent back.
    await expect(page.getByLabel("密码", { exact: true })).toHaveValue("");
  });

  test("a success comes back with its one-line notice, shown once", async ({ page }) => {
    await signIn(page, "xincai@demo.alliance-hub.cn", PASSWORD, "孙丽");
    const own = await page.getByRole("link", { name: "本企业" }).first().getAttribute("href");
    await page.goto(own!);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("眉山新材磁业有限公司");
    const firmPage = page.url();
    await page.getByRole("link", { name: "编辑企业资料" }).click();
    await page.getByLabel("联系人").fill("孙丽（回访测试）");
    await page.getByRole("button", { name: "保存资料" }).click();
    await expect(page).toHaveURL(firmPage);
    await expect(page.getByTestId("notice")).toHaveText("已保存。");
    await expect(page.getByText("孙丽（回访测试）")).toBeVisible();
    await page.reload();
    await expect(page.getByTestId("notice")).toHaveCount(0);
  });
});
