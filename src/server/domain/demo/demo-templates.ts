import { eq } from "drizzle-orm";
import type { Database } from "@/server/db/client";
import { components, templates } from "@/server/db/schema";
import type { Actor } from "../auth/actor";
import { createComponent } from "../components/components";
import type { CreateComponentInput } from "../components/inputs";
import { createTemplate } from "../templates/templates";
import { listVersions, publishVersion } from "../templates/versions";

export const DEMO_TEMPLATE_KEY = "credits-low";

/** A brand header, a call-to-action button and a legal footer: what nearly every email of a company reuses. */
export const DEMO_COMPONENTS: CreateComponentInput[] = [
  {
    name: "header",
    type: "HEADER",
    contentType: "MJML",
    content: `<mj-section background-color="#ffffff" padding="24px 0 8px">
  <mj-column>
    <mj-text align="center" font-size="22px" font-weight="700" color="{{color}}">{{organizationName}}</mj-text>
  </mj-column>
</mj-section>`,
    variables: [
      { name: "organizationName", type: "string", defaultValue: "Acme Demo", description: "Shown as the logo text" },
      { name: "color", type: "color", defaultValue: "#111827", description: "Logo text colour" },
    ],
  },
  {
    name: "button",
    type: "BUTTON",
    contentType: "MJML",
    content: `<mj-button href="{{url}}" background-color="{{color}}" color="#ffffff" font-weight="600" border-radius="6px" inner-padding="12px 24px">{{text}}</mj-button>`,
    variables: [
      { name: "text", type: "string", defaultValue: "Learn more", description: "Button label" },
      { name: "url", type: "url", defaultValue: "https://acme.test", description: "Where the button leads; pass a recipient variable such as url=ctaUrl" },
      { name: "color", type: "color", defaultValue: "#2563eb", description: "Button background" },
    ],
  },
  {
    name: "footer",
    type: "FOOTER",
    contentType: "MJML",
    content: `<mj-section padding="16px 0 24px">
  <mj-column>
    <mj-text align="center" font-size="12px" line-height="18px" color="#6b7280">{{postalAddress}}<br /><a href="{{unsubscribeUrl}}" style="color:#6b7280">Unsubscribe</a></mj-text>
  </mj-column>
</mj-section>`,
    variables: [
      {
        name: "postalAddress",
        type: "string",
        defaultValue: "Acme Demo GmbH, Musterstraße 1, 10115 Berlin, Germany",
        description: "The sender's postal address, required in marketing emails",
      },
    ],
  },
];

const CREDITS_LOW_MJML = `<mjml>
  <mj-head>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="15px" line-height="22px" color="#1f2937" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f3f4f6">
    {{> header }}
    <mj-section background-color="#ffffff" padding="8px 0 24px">
      <mj-column>
        <mj-text font-size="18px" font-weight="600">Hi {{default first_name "there"}},</mj-text>
        <mj-text>You have <strong>{{credits}}</strong> credits left. Top up now so your next campaigns keep running.</mj-text>
        {{> button text="Add credits" url=(default ctaUrl "https://acme.test/billing") }}
      </mj-column>
    </mj-section>
    {{> footer }}
  </mj-body>
</mjml>`;

export const DEMO_TEMPLATE = {
  key: DEMO_TEMPLATE_KEY,
  name: "Credits running low",
  category: "MARKETING",
  initialVersion: {
    subject: `{{default first_name "Hi"}}, you have {{credits}} credits left`,
    preheader: "Top up before you run out.",
    authoringMode: "MJML",
    bodyMjml: CREDITS_LOW_MJML,
  },
} as const;

/** Creates the components and the published template that are missing; existing ones stay as the operator left them. */
export async function ensureDemoTemplates(db: Database, actor: Actor): Promise<{ componentsCreated: number; templateCreated: boolean }> {
  let componentsCreated = 0;
  for (const component of DEMO_COMPONENTS) {
    const [existing] = await db.select({ id: components.id }).from(components).where(eq(components.name, component.name));
    if (existing) continue;
    await createComponent(db, actor, component);
    componentsCreated++;
  }
  const [existing] = await db.select({ id: templates.id }).from(templates).where(eq(templates.key, DEMO_TEMPLATE_KEY));
  if (existing) return { componentsCreated, templateCreated: false };
  const template = await createTemplate(db, actor, DEMO_TEMPLATE);
  const [draft] = await listVersions(db, template.id);
  if (!draft) throw new Error("the demo template has no draft");
  await publishVersion(db, actor, { id: template.id, versionId: draft.id });
  return { componentsCreated, templateCreated: true };
}
