import { Ban, Blocks, Building2, Database, House, Inbox, KeyRound, Layers, Mail, Plug, Rocket, ScrollText, Send, Skull, Users, UsersRound, type LucideIcon } from "lucide-react";

/** Sidebar groups, shown in this order; a group without items is not shown. */
export const navGroups = ["Overview", "Audience", "Content", "Campaigns", "Delivery", "Settings"] as const;
export type NavGroup = (typeof navGroups)[number];

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  group: NavGroup;
  /** Hidden from members; the pages behind these links also refuse non-admins. */
  adminOnly?: boolean;
}

export const navItems: NavItem[] = [
  { href: "/", label: "Home", icon: House, group: "Overview" },
  { href: "/segments", label: "Segments", icon: UsersRound, group: "Audience" },
  { href: "/data-connectors", label: "Data connectors", icon: Database, group: "Audience" },
  { href: "/suppressions", label: "Suppressions", icon: Ban, group: "Audience" },
  { href: "/templates", label: "Templates", icon: Mail, group: "Content" },
  { href: "/components", label: "Components", icon: Blocks, group: "Content" },
  { href: "/campaign-groups", label: "Campaign groups", icon: Layers, group: "Campaigns" },
  { href: "/single-sends", label: "Single sends", icon: Rocket, group: "Campaigns" },
  { href: "/email-connectors", label: "Email connectors", icon: Plug, group: "Delivery" },
  { href: "/sender-profiles", label: "Sender profiles", icon: Send, group: "Delivery" },
  { href: "/dev-inbox", label: "Dev inbox", icon: Inbox, group: "Delivery" },
  { href: "/settings/workspace", label: "Workspace", icon: Building2, group: "Settings" },
  { href: "/settings/users", label: "Users", icon: Users, group: "Settings", adminOnly: true },
  { href: "/settings/api-keys", label: "API keys", icon: KeyRound, group: "Settings", adminOnly: true },
  { href: "/settings/audit-log", label: "Audit log", icon: ScrollText, group: "Settings", adminOnly: true },
  { href: "/settings/dead-letter", label: "Dead letter", icon: Skull, group: "Settings", adminOnly: true },
];
