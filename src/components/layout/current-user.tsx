"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { Role } from "@/server/domain/auth/actor";

export interface CurrentUser {
  id: string;
  email: string;
  role: Role;
}

const CurrentUserContext = createContext<CurrentUser | null>(null);

export function CurrentUserProvider({ user, children }: { user: CurrentUser; children: ReactNode }) {
  return <CurrentUserContext.Provider value={user}>{children}</CurrentUserContext.Provider>;
}

/** The signed-in user, as resolved by the dashboard layout; only usable inside the dashboard. */
export function useCurrentUser(): CurrentUser {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error("useCurrentUser must be used inside the dashboard layout");
  return user;
}
