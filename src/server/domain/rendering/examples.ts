import type { ComponentSource, TemplateSource } from "./types";

/**
 * The design document's "Usage in Templates" example (header + button with a recipient URL + footer), made
 * realistic: 3 components and 10 recipient variables. Used by the engine's tests and the render bench.
 */
export const EXAMPLE_COMPONENTS: ComponentSource[] = [
  {
    name: "header",
    contentType: "MJML",
    variables: [
      { name: "logoUrl", type: "image", defaultValue: "https://cdn.example.com/logo.png", description: "Logo image" },
      { name: "background", type: "color", defaultValue: "#0f172a", description: "Band colour" },
    ],
    content: [
      '<mj-section background-color="{{background}}" padding="16px 0">',
      "  <mj-column>",
      '    <mj-image src="{{logoUrl}}" alt="Acme" width="120px" align="left" />',
      "  </mj-column>",
      "</mj-section>",
    ].join("\n"),
  },
  {
    name: "button",
    contentType: "MJML",
    variables: [
      { name: "text", type: "string", defaultValue: "Open", description: "Label" },
      { name: "url", type: "url", defaultValue: "https://example.com", description: "Target" },
      { name: "color", type: "color", defaultValue: "#2563eb", description: "Background" },
    ],
    content: '<mj-button href="{{url}}" background-color="{{color}}" color="#ffffff" border-radius="6px">{{text}}</mj-button>',
  },
  {
    name: "footer",
    contentType: "MJML",
    variables: [{ name: "address", type: "string", defaultValue: "Acme Inc., 1 Main St, Springfield", description: "Postal address" }],
    content: [
      "<mj-section>",
      "  <mj-column>",
      '    <mj-text font-size="11px" color="#64748b">{{address}}<br />',
      '      You receive this as {{email}}. <a href="{{unsubscribeUrl}}">Unsubscribe</a>',
      "    </mj-text>",
      "  </mj-column>",
      "</mj-section>",
    ].join("\n"),
  },
];

export const EXAMPLE_TEMPLATE: TemplateSource = {
  authoringMode: "MJML",
  subject: "{{capitalize firstName}}, only {{credits}} credits left on {{upper plan}}",
  preheader: "Top up before {{formatDate renewalDate \"d MMMM yyyy\"}}",
  bodyMjml: [
    "<mj-body>",
    "  {{> header }}",
    "",
    "  <mj-section>",
    "    <mj-column>",
    "      <mj-text>Hello {{default firstName \"there\"}},</mj-text>",
    "      <mj-text>Your credits are running low: {{formatNumber credits}} left on the {{plan}} plan,",
    "        renewing on {{formatDate renewalDate \"yyyy-MM-dd\"}}.</mj-text>",
    "      {{#if referralCode}}<mj-text>Share your code {{referralCode}} and both of you get 100 credits.</mj-text>{{/if}}",
    "",
    '      {{> button text="Add Credits" url="{{{ctaUrl}}}" }}',
    '      {{> button text="Your account" url=accountUrl color="#475569" }}',
    "      <mj-text>Questions? Write to {{supportEmail}}.</mj-text>",
    "    </mj-column>",
    "  </mj-section>",
    "",
    "  {{> footer }}",
    "</mj-body>",
  ].join("\n"),
};

/** One recipient of the example, with all ten variables. */
export function exampleRecipient(index: number): Record<string, unknown> {
  return {
    firstName: `ann${index}`,
    email: `ann${index}@example.com`,
    plan: index % 2 === 0 ? "pro" : "team",
    credits: 1000 + (index % 500),
    renewalDate: new Date(Date.UTC(2026, 0, 1 + (index % 28))),
    ctaUrl: `https://app.example.com/credits?u=${index}&src=email`,
    accountUrl: `https://app.example.com/account/${index}`,
    referralCode: index % 3 === 0 ? `REF${index}` : "",
    supportEmail: "support@example.com",
    unsubscribeUrl: `https://app.example.com/u/${index}`,
  };
}
