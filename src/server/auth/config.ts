import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { eq } from "drizzle-orm";
import { users } from "@/server/db/schema";
import { authenticateWithPassword } from "@/server/domain/auth/authenticate";
import { LoginThrottle } from "@/server/domain/auth/login-throttle";
import { findUserByEmail } from "@/server/domain/users/users";
import { env, oidcEnabled } from "@/server/lib/env";
import { getServices } from "@/server/services";
import type { Provider } from "next-auth/providers/index";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name?: string | null; role: "admin" | "member" };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    userId?: string;
    role?: "admin" | "member";
  }
}

function providers(): Provider[] {
  const list: Provider[] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        if (!credentials?.email || !credentials.password) return null;
        const services = getServices();
        const throttle = new LoginThrottle(services.redis, services.env.QUEUE_PREFIX);
        const user = await authenticateWithPassword(services.db, throttle, credentials.email, credentials.password);
        return user ? { id: user.id, email: user.email, name: user.name } : null;
      },
    }),
  ];
  const config = env();
  if (oidcEnabled(config)) {
    list.push({
      id: "oidc",
      name: "Single sign-on",
      type: "oauth",
      wellKnown: `${config.OIDC_ISSUER?.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: config.OIDC_CLIENT_ID,
      clientSecret: config.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: { sub: string; email: string; name?: string }) {
        return { id: profile.sub, email: profile.email, name: profile.name ?? null };
      },
    });
  }
  return list;
}

export function authOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 12 * 3600 },
    pages: { signIn: "/login" },
    providers: providers(),
    callbacks: {
      /** SSO users must already exist (created by an admin); sign-in never creates accounts by itself. */
      async signIn({ user, account }) {
        if (account?.provider !== "oidc") return true;
        if (!user.email) return false;
        return Boolean(await findUserByEmail(getServices().db, user.email));
      },
      async jwt({ token, user }) {
        if (user?.email) {
          const stored = await findUserByEmail(getServices().db, user.email);
          if (stored) {
            token.userId = stored.id;
            token.role = stored.role;
            await getServices().db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, stored.id));
          }
        }
        return token;
      },
      session({ session, token }) {
        if (token.userId && token.role) {
          session.user = { id: token.userId, email: token.email ?? "", name: token.name, role: token.role };
        }
        return session;
      },
    },
  };
}
