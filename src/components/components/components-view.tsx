"use client";

import { useQuery } from "@tanstack/react-query";
import { Blocks, Plus } from "lucide-react";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { COMPONENT_TYPES, componentTypeLabel, type ComponentType } from "./component-form";
import { ComponentThumbnail } from "./component-thumbnail";
import { NewComponentDialog } from "./new-component-dialog";

export type LibraryComponent = RouterOutputs["components"]["list"][number];

const ALL = "ALL";

function ComponentCard({ component }: { component: LibraryComponent }) {
  return (
    <Card className="gap-3 overflow-hidden py-0" data-testid="component-card">
      <ComponentThumbnail html={component.previewHtml} title={`Preview of the ${component.name} component`} />
      <CardHeader className="gap-1 px-4">
        <CardTitle className="flex items-center justify-between gap-2">
          <Link href={`/components/${component.id}`} className="truncate font-mono underline-offset-4 hover:underline">
            {component.name}
          </Link>
          <span className="flex shrink-0 gap-1">
            <Badge variant="secondary">{componentTypeLabel[component.type]}</Badge>
            <Badge variant="outline">{component.contentType}</Badge>
          </span>
        </CardTitle>
      </CardHeader>
      <CardContent className="px-4">
        {component.variables.length === 0 ? (
          <p className="text-xs text-muted-foreground">No variables</p>
        ) : (
          <ul className="flex flex-wrap gap-1" aria-label={`Variables of ${component.name}`}>
            {component.variables.map((variable) => (
              <li key={variable.name}>
                <Badge variant="muted" className="font-mono" title={variable.description || undefined}>
                  {variable.name}
                </Badge>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
      <CardFooter className="px-4 pb-4">
        <Button asChild variant="outline" size="sm">
          <Link href={`/components/${component.id}`} aria-label={`Edit ${component.name}`}>
            Edit
          </Link>
        </Button>
      </CardFooter>
    </Card>
  );
}

/** Every library component rendered with its defaults, filterable by type. */
export function ComponentsView() {
  const trpc = useTRPC();
  const components = useQuery(trpc.components.list.queryOptions());
  const [filter, setFilter] = useState<ComponentType | typeof ALL>(ALL);
  const [creating, setCreating] = useState(false);

  const newButton = (
    <Button onClick={() => setCreating(true)}>
      <Plus aria-hidden /> New component
    </Button>
  );

  let body: ReactNode;
  if (components.isPending) {
    body = (
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-busy="true" aria-label="Loading">
        {Array.from({ length: 3 }, (_, index) => (
          <Skeleton key={index} className="h-72" />
        ))}
      </div>
    );
  } else if (components.isError) {
    body = <ErrorState title="Could not load components" error={components.error} onRetry={() => void components.refetch()} retrying={components.isFetching} />;
  } else if (components.data.length === 0) {
    body = (
      <EmptyState
        icon={Blocks}
        title="No components yet"
        text="Components are reusable pieces (header, footer, button, …) that templates include as {{> name}} with arguments."
        action={newButton}
      />
    );
  } else {
    const shown = filter === ALL ? components.data : components.data.filter((component) => component.type === filter);
    body = (
      <div className="space-y-4">
        <div className="flex items-center gap-2">
          <Label htmlFor="components-type-filter">Type</Label>
          <Select value={filter} onValueChange={(value) => setFilter(value as ComponentType | typeof ALL)}>
            <SelectTrigger id="components-type-filter" className="w-44">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ALL}>All types</SelectItem>
              {COMPONENT_TYPES.map((type) => (
                <SelectItem key={type} value={type}>
                  {componentTypeLabel[type]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          <span className="text-sm text-muted-foreground tabular-nums">
            {shown.length} of {components.data.length}
          </span>
        </div>
        {shown.length === 0 ? (
          <p className="rounded-md border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">No components of this type.</p>
        ) : (
          <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
            {shown.map((component) => (
              <ComponentCard key={component.id} component={component} />
            ))}
          </div>
        )}
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title="Components"
        description="The shared library of email pieces. Templates use them as Handlebars partials; published template versions keep the component as it was when they were published."
        actions={components.isSuccess && components.data.length > 0 ? newButton : null}
      />
      {body}
      <NewComponentDialog open={creating} onOpenChange={setCreating} />
    </div>
  );
}
