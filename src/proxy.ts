import { NextResponse, type NextRequest } from "next/server";
import { requestPathHeader } from "@/lib/callback-url";

/** Passes the requested path to server components, which cannot read it otherwise (see the dashboard layout). */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(requestPathHeader, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!api/|_next/|favicon.ico|.*\\.[a-zA-Z0-9]+$).*)"],
};
