/**
 * Signing in to the web UI through its own form, as a person would. The form's selectors come from
 * data/reports.json (`login`). Credentials are typed only into a page on the ConnectWise web origin: a
 * sign-in page anywhere else (single sign-on, or a page steering the browser away) is refused, not filled.
 * What the site answers decides the outcome: the report (signed in), the form again (refused), or a
 * second-factor prompt (MFA, which a headless browser cannot answer).
 */
import type { Page } from "playwright-core";
import type { LoginProfile } from "./definitions.js";
import { ReportError } from "./errors.js";

export interface WebUser {
  company?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
}

export interface SignInOptions {
  origin: string;
  version: string;
  timeoutMs: number;
}

const CREDENTIAL_HINT = "Set CW_WEB_USERNAME and CW_WEB_PASSWORD (a member's web sign-in, not the API keys) in the MCP client's \"env\" block, and CW_COMPANY_ID to the company id the sign-in page asks for.";

/** Whether the page is asking to sign in: the configured sign-in path, or any page with a password field. */
export async function onSignInPage(page: Page, profile: LoginProfile, version: string): Promise<boolean> {
  const path = new URL(page.url()).pathname.replace(/\/+$/, "").toLowerCase();
  if (path === profile.path.replaceAll("{version}", version).toLowerCase()) return true;
  return (await page.locator('input[type="password"]').count()) > 0;
}

export async function signIn(page: Page, profile: LoginProfile, user: WebUser, options: SignInOptions): Promise<void> {
  const here = new URL(page.url());
  if (here.origin !== options.origin) {
    throw new ReportError(
      "sso",
      `The sign-in page is at ${here.origin}, not on the ConnectWise site ${options.origin} (single sign-on?). Credentials are only typed into ConnectWise's own sign-in page.`,
      "Use a member who signs in with a ConnectWise username and password, or set CW_WEB_URL if the web UI really lives there.",
    );
  }
  if (!user.username || !user.password) {
    const missing = [user.username ? "" : "CW_WEB_USERNAME", user.password ? "" : "CW_WEB_PASSWORD"].filter(Boolean).join(" and ");
    throw new ReportError("credentials", `The ConnectWise web UI asks to sign in, and ${missing} ${missing.includes(" and ") ? "are" : "is"} not set.`, CREDENTIAL_HINT);
  }
  const { timeoutMs } = options;
  if (profile.fields.company) {
    const company = page.locator(profile.fields.company).first();
    if ((await company.count()) > 0) {
      if (!user.company) throw new ReportError("credentials", "The sign-in page asks for a company id, and CW_COMPANY_ID is not set.", CREDENTIAL_HINT);
      await company.fill(user.company, { timeout: timeoutMs });
    }
  }
  await page.locator(profile.fields.username).first().fill(user.username, { timeout: timeoutMs });
  await page.locator(profile.fields.password).first().fill(user.password, { timeout: timeoutMs });
  const answered = page.waitForEvent("domcontentloaded", { timeout: timeoutMs });
  await page.locator(profile.submit).first().click({ timeout: timeoutMs });
  await answered;

  if ((await page.locator(profile.mfa).count()) > 0) {
    throw new ReportError(
      "mfa",
      "The ConnectWise web sign-in for CW_WEB_USERNAME asks for a second factor (MFA), which browser reports cannot answer.",
      "Use a member whose web sign-in does not require MFA (for example a reporting-only member exempted by your MFA policy), or read the data through the API (cw_api_call on /system/reports).",
    );
  }
  if (await onSignInPage(page, profile, options.version)) {
    const said = await pageError(page, profile.error);
    throw new ReportError("bad-credentials", `ConnectWise refused the web sign-in${said ? `: "${said}"` : ""}.`, `Check CW_WEB_USERNAME, CW_WEB_PASSWORD and CW_COMPANY_ID. ${CREDENTIAL_HINT}`);
  }
}

/** The text of the page's error message, if it shows one (first match, one line, cut short). */
export async function pageError(page: Page, selector: string): Promise<string | undefined> {
  const found = page.locator(selector).first();
  if ((await found.count()) === 0) return undefined;
  const text = ((await found.textContent({ timeout: 2_000 }).catch(() => null)) ?? "").replace(/\s+/g, " ").trim();
  return text ? text.slice(0, 300).replace(/[.!]+$/, "") : undefined;
}
