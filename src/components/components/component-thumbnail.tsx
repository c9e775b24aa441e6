import { ImageOff } from "lucide-react";

/**
 * A component's rendered HTML at half size in a sandboxed frame (sandbox="" blocks scripts, forms and navigation);
 * the frame ignores the pointer so the card around it stays clickable and scrollable.
 */
export function ComponentThumbnail({ html, title }: { html: string | null; title: string }) {
  if (!html) {
    return (
      <div className="flex h-40 items-center justify-center gap-2 border-b bg-muted/40 text-sm text-muted-foreground">
        <ImageOff className="size-4" aria-hidden /> No preview: the content does not render
      </div>
    );
  }
  return (
    <div className="relative h-40 overflow-hidden border-b bg-white">
      <iframe
        title={title}
        sandbox=""
        srcDoc={html}
        tabIndex={-1}
        className="pointer-events-none absolute top-0 left-0 h-[200%] w-[200%] origin-top-left scale-50 border-0"
      />
    </div>
  );
}
