import { ArrowRight, BookOpen, Database, Inbox, KeyRound, Layers, Mail, Plug, Rocket, Send, type LucideIcon } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";

interface Step {
  href: string;
  title: string;
  text: string;
  icon: LucideIcon;
  adminOnly?: boolean;
}

const steps: Step[] = [
  {
    href: "/data-connectors",
    title: "Connect your data",
    text: "Point EmailOps at your Postgres database or BigQuery project with a read-only role; segments select recipients from it with SQL. The demo seed adds a ready “Demo warehouse”.",
    icon: Database,
  },
  {
    href: "/email-connectors",
    title: "Connect an email provider",
    text: "Add AWS SES, Resend or SMTP credentials. The built-in dev inbox connector works without any outside account.",
    icon: Plug,
  },
  {
    href: "/sender-profiles",
    title: "Create a sender profile",
    text: "Choose the From name and address, the reply-to address and the sending rate for one of your email connectors.",
    icon: Send,
  },
  {
    href: "/templates",
    title: "Design an email",
    text: "Write a template in MJML, HTML or the block builder, reuse header, footer and button components, preview it with real segment rows and publish it.",
    icon: Mail,
  },
  {
    href: "/single-sends",
    title: "Send a campaign",
    text: "A single send joins a segment, a published template and a sender profile; trigger it by hand, once at a set time or on a cron schedule, and watch each run’s recipients.",
    icon: Rocket,
  },
  {
    href: "/campaign-groups",
    title: "Coordinate related campaigns",
    text: "Put single sends in a campaign group so a person gets at most one of its emails per collision window; the highest priority wins.",
    icon: Layers,
  },
  {
    href: "/dev-inbox",
    title: "Check emails in the dev inbox",
    text: "Every email sent through the dev inbox connector is captured here, so you can review it before real sends.",
    icon: Inbox,
  },
  {
    href: "/settings/api-keys",
    title: "Create an API key",
    text: "Automate EmailOps from scripts and pipelines through the REST API under /api/v1.",
    icon: KeyRound,
    adminOnly: true,
  },
];

export default function HomePage() {
  return (
    <div className="space-y-8">
      <PageHeader
        title="EmailOps"
        description="Write audiences as SQL against your own warehouse, render emails from templates, and send campaigns that never collide."
      />
      <Card>
        <CardHeader>
          <CardTitle>Getting started</CardTitle>
          <CardDescription>Set up your data and sending in a few steps. Each one links to the page where you do it.</CardDescription>
        </CardHeader>
        <CardContent>
          <ol className="divide-y rounded-lg border">
            {steps.map((step, index) => {
              const Icon = step.icon;
              return (
                <li key={step.href}>
                  <Link
                    href={step.href}
                    className="group flex items-start gap-4 px-4 py-4 transition-colors outline-none hover:bg-muted/50 focus-visible:bg-muted/50 focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset"
                  >
                    <span className="flex size-8 shrink-0 items-center justify-center rounded-full border bg-background text-sm font-medium text-muted-foreground tabular-nums">
                      {index + 1}
                    </span>
                    <div className="min-w-0 flex-1 space-y-1">
                      <div className="flex flex-wrap items-center gap-2">
                        <Icon className="size-4 text-muted-foreground" aria-hidden />
                        <span className="font-medium">{step.title}</span>
                        {step.adminOnly ? <Badge variant="muted">Admins</Badge> : null}
                      </div>
                      <p className="text-sm text-muted-foreground">{step.text}</p>
                    </div>
                    <ArrowRight
                      className="mt-2 size-4 shrink-0 text-muted-foreground transition-transform group-hover:translate-x-0.5"
                      aria-hidden
                    />
                  </Link>
                </li>
              );
            })}
          </ol>
        </CardContent>
      </Card>
      <p className="flex items-center gap-2 text-sm text-muted-foreground">
        <BookOpen className="size-4" aria-hidden />
        The REST API is described by its OpenAPI document at{" "}
        <a href="/api/v1/openapi.json" className="font-mono text-xs text-foreground underline-offset-4 hover:underline">
          /api/v1/openapi.json
        </a>
      </p>
    </div>
  );
}
