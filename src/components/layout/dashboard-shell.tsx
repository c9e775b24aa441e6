"use client";

import { Menu } from "lucide-react";
import { Dialog as DialogPrimitive } from "radix-ui";
import { useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Separator } from "@/components/ui/separator";
import { Brand } from "./brand";
import { CurrentUserProvider, type CurrentUser } from "./current-user";
import { SidebarNav } from "./sidebar-nav";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";

function MobileNav() {
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  return (
    <DialogPrimitive.Root open={open} onOpenChange={setOpen}>
      <DialogPrimitive.Trigger asChild>
        <Button variant="ghost" size="icon-sm" className="lg:hidden" aria-label="Open navigation">
          <Menu aria-hidden />
        </Button>
      </DialogPrimitive.Trigger>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-black/40 data-[state=open]:animate-fade-in lg:hidden" />
        <DialogPrimitive.Content className="fixed inset-y-0 left-0 z-50 flex w-64 flex-col overflow-y-auto border-r bg-sidebar shadow-lg outline-none data-[state=open]:animate-slide-in-left lg:hidden">
          <DialogPrimitive.Title className="sr-only">Navigation</DialogPrimitive.Title>
          <DialogPrimitive.Description className="sr-only">Pages of the EmailOps dashboard</DialogPrimitive.Description>
          <div className="flex h-14 shrink-0 items-center px-3">
            <Brand onNavigate={close} />
          </div>
          <SidebarNav onNavigate={close} />
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}

function TopBar({ user }: { user: CurrentUser }) {
  return (
    <header className="sticky top-0 z-30 flex h-14 shrink-0 items-center gap-2 border-b bg-background/85 px-4 backdrop-blur supports-[backdrop-filter]:bg-background/70 sm:px-6">
      <MobileNav />
      <div className="lg:hidden">
        <Brand />
      </div>
      <div className="ml-auto flex min-w-0 items-center gap-2">
        <div className="hidden min-w-0 items-center gap-2 sm:flex" data-testid="current-user">
          <span className="truncate text-sm text-muted-foreground">{user.email}</span>
          <Badge variant={user.role === "admin" ? "secondary" : "outline"}>{user.role}</Badge>
        </div>
        <Separator orientation="vertical" className="mx-1 hidden !h-5 sm:block" />
        <ThemeToggle />
        <SignOutButton />
      </div>
    </header>
  );
}

export function DashboardShell({ user, children }: { user: CurrentUser; children: ReactNode }) {
  return (
    <CurrentUserProvider user={user}>
      <div className="flex min-h-dvh">
        <aside className="sticky top-0 hidden h-dvh w-60 shrink-0 flex-col overflow-y-auto border-r bg-sidebar lg:flex">
          <div className="flex h-14 shrink-0 items-center px-3">
            <Brand />
          </div>
          <SidebarNav />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <TopBar user={user} />
          <main className="flex-1 px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
            <div className="mx-auto w-full max-w-6xl">{children}</div>
          </main>
        </div>
      </div>
    </CurrentUserProvider>
  );
}
