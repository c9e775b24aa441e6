import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/server/auth/config";

const handler = (req: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) =>
  NextAuth(req, context, authOptions()) as Promise<Response>;

export { handler as GET, handler as POST };
