import { Mail } from "lucide-react";
import Link from "next/link";

export function Brand({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <Link href="/" onClick={onNavigate} className="flex items-center gap-2 rounded-md px-2 text-sm font-semibold outline-none focus-visible:ring-2 focus-visible:ring-ring">
      <span className="flex size-6 items-center justify-center rounded-md bg-primary text-primary-foreground">
        <Mail className="size-3.5" aria-hidden />
      </span>
      EmailOps
    </Link>
  );
}
