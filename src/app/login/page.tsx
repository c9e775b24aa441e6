import { Mail } from "lucide-react";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { LoginForm } from "@/components/auth/login-form";
import { loginPageErrorMessage } from "@/components/auth/login-messages";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { safeCallbackUrl } from "@/lib/callback-url";
import { sessionActor } from "@/server/auth/request-actor";
import { oidcEnabled } from "@/server/lib/env";
import { getServices } from "@/server/services";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Record<string, string | string[] | undefined>;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await connection();
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(single(params.callbackUrl));
  if (await sessionActor(getServices())) redirect(callbackUrl);

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 bg-muted/40 px-4 py-12">
      <div className="flex items-center gap-2 text-lg font-semibold">
        <span className="flex size-8 items-center justify-center rounded-lg bg-primary text-primary-foreground">
          <Mail className="size-4" aria-hidden />
        </span>
        EmailOps
      </div>
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle className="text-xl">Sign in</CardTitle>
          <CardDescription>Use the email address and password an admin gave you.</CardDescription>
        </CardHeader>
        <CardContent>
          <LoginForm callbackUrl={callbackUrl} oidcEnabled={oidcEnabled()} initialError={loginPageErrorMessage(single(params.error))} />
        </CardContent>
      </Card>
    </main>
  );
}
