import { expect, test } from "@playwright/test";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loginAs, ready, shot, tag } from "./helpers";

function csvFile(name: string, body: string) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rapport-")), name);
  fs.writeFileSync(file, body);
  return file;
}

test("admin adds a person who then shows in the directory", async ({ page }, info) => {
  const t = tag(info);
  await loginAs(page, "admin");
  await page.getByRole("link", { name: "People", exact: true }).click();
  await ready(page);
  await page.getByRole("link", { name: "Add person" }).click();
  await ready(page);
  await page.getByLabel("Full name").fill(`Nadia Testova ${t}`);
  await page.getByLabel("Email").fill(`nadia.${t}@harbourgroup.example`);
  await page.getByLabel("Role").selectOption("staff");
  await page.getByLabel("Site").selectOption({ label: "Lakeside Lodge (Capital & Lakes)" });
  // A department from another site is refused with a clear message.
  await page.getByLabel("Department").selectOption({ label: "Restaurant" }); // first Restaurant: another site
  await page.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByRole("alert")).toContainText("belongs to another site");
  await shot(page, info, "person-invalid");

  await page.getByLabel("Full name").fill(`Nadia Testova ${t}`);
  await page.getByLabel("Email").fill(`nadia.${t}@harbourgroup.example`);
  await page.getByLabel("Site").selectOption({ label: "Lakeside Lodge (Capital & Lakes)" });
  await page.locator("optgroup[label='Lakeside Lodge'] option", { hasText: "Restaurant" }).evaluate((o: HTMLOptionElement) => (o.selected = true));
  await page.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByRole("heading", { name: `Nadia Testova ${t}`, level: 1 })).toBeVisible();
  await expect(page.getByText(`Nadia Testova ${t} was added.`)).toBeVisible();
  await shot(page, info, "person-created");

  await page.goto(`/people?q=nadia.${t}`);
  await expect(page.getByRole("cell", { name: `nadia.${t}@harbourgroup.example` })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(`Nadia Testova ${t}.*Lakeside Lodge.*Restaurant`) })).toBeVisible();
  await shot(page, info, "people-list");
});

test("people CSV import: a bad row blocks everything, a good file applies once", async ({ page }, info) => {
  const t = tag(info);
  await loginAs(page, "admin");
  const header = "email,name,role,site,department,manager_email\n";
  const bad = csvFile(
    "bad.csv",
    header +
      `imp1.${t}@harbourgroup.example,Ivo Import,staff,Harbour View Hotel,Front desk,ben.silva@harbourgroup.example\n` +
      `imp2.${t}@harbourgroup.example,Ida Import,chef,Harbour View Hotel,Kitchen,\n`,
  );
  await page.goto("/admin/people/import");
  await page.getByLabel(/CSV file/).setInputFiles(bad);
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByRole("heading", { name: "Import preview" })).toBeVisible();
  const badRow = page.getByRole("row", { name: /^3 / });
  await expect(badRow).toContainText('Unknown role "chef"');
  await expect(badRow).toContainText('has no department named "Kitchen"');
  await expect(page.getByText("1 row(s) have problems")).toBeVisible();
  await expect(page.getByRole("button", { name: "Apply import" })).toHaveCount(0);
  await shot(page, info, "import-bad");

  const good = csvFile(
    "good.csv",
    header +
      `imp1.${t}@harbourgroup.example,Ivo Import,staff,Harbour View Hotel,Front desk,imp2.${t}@harbourgroup.example\n` +
      `imp2.${t}@harbourgroup.example,Ida Import,manager,harbour view hotel,restaurant,ben.silva@harbourgroup.example\n`,
  );
  await page.goto("/admin/people/import");
  await page.getByLabel(/CSV file/).setInputFiles(good);
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByRole("heading", { name: "Import preview" })).toBeVisible();
  await expect(page.getByRole("row", { name: /^2 / })).toContainText("Add");
  await page.getByRole("button", { name: "Apply import" }).click();
  await expect(page.getByText("Import applied: 2 created, 0 updated, 0 unchanged.")).toBeVisible();
  await shot(page, info, "import-applied");

  // The same file again changes nothing.
  await page.goto("/admin/people/import");
  await page.getByLabel(/CSV file/).setInputFiles(good);
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByText("Everyone in this file is already up to date")).toBeVisible();
  await expect(page.getByRole("button", { name: "Apply import" })).toHaveCount(0);

  await page.goto(`/people?q=imp1.${t}`);
  await expect(page.getByRole("row", { name: /Ivo Import.*Harbour View Hotel.*Front desk.*Ida Import/ })).toBeVisible();
});

test("admin manages the organisation", async ({ page }, info) => {
  const t = tag(info);
  await loginAs(page, "admin");
  await page.goto("/admin/organisation");
  await ready(page);
  await page.getByLabel("Region name").fill(`Islands ${t}`);
  await page.getByRole("button", { name: "Add region" }).click();
  await expect(page.getByText(`Region "Islands ${t}" added.`)).toBeVisible();
  await page.getByLabel(`New site in Islands ${t}`).fill(`Reef Hotel ${t}`);
  const region = page.getByRole("region", { name: new RegExp(`^Islands ${t}`) });
  await region.getByRole("button", { name: "Add site" }).click();
  await expect(page.getByText(`Site "Reef Hotel ${t}" added.`)).toBeVisible();
  // The site gets a general manager, chosen from the managers.
  const reef = region.locator("article.site", { hasText: `Reef Hotel ${t}` });
  await reef.getByLabel("General manager").selectOption({ label: "Ben Silva" });
  await reef.getByRole("button", { name: "Set" }).click();
  await expect(page.getByText(`Ben Silva is now the general manager of Reef Hotel ${t}.`)).toBeVisible();
  // A duplicate is refused with a reason.
  await page.getByLabel("Region name").fill(`Islands ${t}`);
  await page.getByRole("button", { name: "Add region" }).click();
  await expect(page.getByRole("alert")).toContainText("already exists");
  // A region that still has sites cannot be deleted.
  await page.getByRole("button", { name: `Delete region Islands ${t}` }).click();
  await expect(page.getByRole("alert")).toContainText("still has 1 site");
  await shot(page, info, "organisation");
});

test("admin sets the time zone and confidentiality thresholds, and a bad value changes nothing", async ({ page }, info) => {
  await loginAs(page, "admin");
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings", exact: true })).toBeVisible();
  await ready(page);
  await expect(page.getByLabel("Time zone")).toHaveValue("UTC");
  await page.getByLabel("Time zone").fill("Mars/Olympus");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("alert")).toContainText("not a time zone");
  await page.goto("/admin/settings");
  await ready(page);
  await expect(page.getByLabel("Time zone")).toHaveValue("UTC");
  await page.getByLabel("Time zone").fill("Europe/Lisbon");
  await page.getByLabel("Smallest group for comments").fill("12");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Settings saved: time zone Europe\/Lisbon/)).toBeVisible();
  await shot(page, info, "settings");
  // Back to the defaults the other journeys expect.
  await page.goto("/admin/settings");
  await ready(page);
  await page.getByLabel("Time zone").fill("UTC");
  await page.getByLabel("Smallest group for comments").fill("10");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/Settings saved: time zone UTC/)).toBeVisible();
});
