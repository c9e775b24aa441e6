"use client";

import { useQuery } from "@tanstack/react-query";
import { CircleHelp } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";

/** The helper list lives with the engine; loaded on first open so the editor does not ship the engine up front. */
const loadHelpers = async () => (await import("@/server/domain/rendering/helpers")).TEMPLATE_HELPERS;

/** A cheat sheet of the template syntax: variables, partials, escaping and the rendering helpers. */
export function HelpersPopover() {
  const [open, setOpen] = useState(false);
  const helpers = useQuery({ queryKey: ["template-helpers"], queryFn: loadHelpers, enabled: open, staleTime: Number.POSITIVE_INFINITY });
  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <Button type="button" variant="ghost" size="sm">
          <CircleHelp aria-hidden /> Variables &amp; helpers
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" className="max-h-[70vh] w-[28rem] overflow-y-auto text-sm">
        <div className="grid gap-3">
          <h3 className="font-medium">Variables</h3>
          <ul className="grid gap-1.5 text-muted-foreground">
            <li>
              <code className="text-foreground">{"{{first_name}}"}</code> a column of the segment row, HTML-escaped.
            </li>
            <li>
              <code className="text-foreground">{"{{{html_snippet}}}"}</code> raw, not escaped: only for trusted HTML.
            </li>
            <li>
              <code className="text-foreground">{'{{> button text="Add credits" url=cta_url }}'}</code> a library component; arguments override its defaults.
            </li>
            <li>
              <code className="text-foreground">{"{{#if plan}}…{{else}}…{{/if}}"}</code> and <code className="text-foreground">{"{{#each items}}…{{/each}}"}</code>
            </li>
          </ul>
          <h3 className="font-medium">Helpers</h3>
          {helpers.isPending ? <p className="text-muted-foreground">Loading…</p> : null}
          {helpers.isError ? <p className="text-destructive">Could not load the helper list.</p> : null}
          {helpers.data ? (
            <dl className="grid gap-2.5">
              {helpers.data.map((helper) => (
                <div key={helper.name} className="grid gap-0.5">
                  <dt className="font-mono text-xs font-medium">{helper.name}</dt>
                  <dd className="grid gap-0.5">
                    <code className="text-xs break-words">{helper.usage}</code>
                    <span className="text-xs text-muted-foreground">{helper.description}</span>
                  </dd>
                </div>
              ))}
            </dl>
          ) : null}
        </div>
      </PopoverContent>
    </Popover>
  );
}
