"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ScrollText, X } from "lucide-react";
import { useEffect, useState, type ReactNode } from "react";
import { AdminsOnlyState } from "@/components/layout/admin-only";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { Timestamp } from "@/components/ui/timestamp";
import { trpcErrorCode } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { AuditEntryDialog, type AuditEntry } from "./audit-entry-dialog";
import { endOfDay, entityLabel, startOfDay } from "./audit-log-format";

const PAGE_SIZE = 25;
const ALL = "__all";
const ACTOR_DEBOUNCE_MS = 300;
const columns = ["When", "Who", "Action", "Entity", "Id", ""];

interface Filters {
  entityType: string;
  action: string;
  actor: string;
  from: string;
  to: string;
}

const noFilters: Filters = { entityType: ALL, action: ALL, actor: "", from: "", to: "" };

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

function FilterSelect({
  id,
  label,
  value,
  options,
  allLabel,
  format = (option) => option,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: string[];
  allLabel: string;
  format?: (option: string) => string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id} className="text-xs text-muted-foreground">
        {label}
      </Label>
      <Select value={value} onValueChange={onChange}>
        <SelectTrigger id={id} size="sm" className="w-full">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={ALL}>{allLabel}</SelectItem>
          {options.map((option) => (
            <SelectItem key={option} value={option}>
              {format(option)}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}

export function AuditLogView() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<AuditEntry | null>(null);
  const actor = useDebounced(filters.actor.trim(), ACTOR_DEBOUNCE_MS);

  const facets = useQuery(trpc.auditLog.facets.queryOptions());
  const rangeInvalid = filters.from !== "" && filters.to !== "" && filters.from > filters.to;
  const entries = useQuery(
    trpc.auditLog.list.queryOptions(
      {
        entityType: filters.entityType === ALL ? undefined : filters.entityType,
        action: filters.action === ALL ? undefined : filters.action,
        actor: actor || undefined,
        from: startOfDay(filters.from),
        to: endOfDay(filters.to),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      },
      { placeholderData: keepPreviousData, enabled: !rangeInvalid },
    ),
  );

  function update(change: Partial<Filters>) {
    setFilters((current) => ({ ...current, ...change }));
    setPage(1);
  }

  const filtered =
    filters.entityType !== ALL || filters.action !== ALL || filters.actor.trim() !== "" || filters.from !== "" || filters.to !== "";

  let body: ReactNode;
  if (rangeInvalid) {
    body = null;
  } else if (entries.isPending) {
    body = <TableSkeleton columns={columns} rows={8} />;
  } else if (entries.isError) {
    body =
      trpcErrorCode(entries.error) === "FORBIDDEN" ? (
        <AdminsOnlyState />
      ) : (
        <ErrorState title="Could not load the audit log" error={entries.error} onRetry={() => void entries.refetch()} retrying={entries.isFetching} />
      );
  } else if (entries.data.total === 0) {
    body = filtered ? (
      <EmptyState
        icon={ScrollText}
        title="No entries match these filters"
        text="Widen the date range or clear a filter."
        action={
          <Button variant="outline" size="sm" onClick={() => update(noFilters)}>
            Clear filters
          </Button>
        }
      />
    ) : (
      <EmptyState icon={ScrollText} title="Nothing recorded yet" text="Every change made in the dashboard, through the API or by the CLI shows up here." />
    );
  } else {
    body = (
      <div className="space-y-4">
        <div className={`rounded-lg border transition-opacity ${entries.isPlaceholderData ? "opacity-60" : ""}`}>
          <Table>
            <TableHeader>
              <TableRow>
                {columns.map((column) => (
                  <TableHead key={column}>{column || <span className="sr-only">Details</span>}</TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {entries.data.items.map((entry) => (
                <TableRow key={entry.id} className="cursor-pointer" onClick={() => setSelected(entry)}>
                  <TableCell className="text-muted-foreground">
                    <Timestamp date={entry.createdAt} />
                  </TableCell>
                  <TableCell className="max-w-64 truncate" title={entry.actorLabel}>
                    {entry.actorType === "user" ? null : (
                      <Badge variant="muted" className="mr-2">
                        {entry.actorType === "api_key" ? "API" : "System"}
                      </Badge>
                    )}
                    {entry.actorLabel}
                  </TableCell>
                  <TableCell>
                    <code className="font-mono text-xs">{entry.action}</code>
                  </TableCell>
                  <TableCell>{entityLabel(entry.entityType)}</TableCell>
                  <TableCell className="max-w-40 truncate font-mono text-xs text-muted-foreground" title={entry.entityId ?? undefined}>
                    {entry.entityId ?? "—"}
                  </TableCell>
                  <TableCell className="w-20 text-right">
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={(event) => {
                        event.stopPropagation();
                        setSelected(entry);
                      }}
                      aria-label={`Details of ${entry.action} on ${entry.createdAt.toISOString()}`}
                    >
                      Details
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        <Pagination page={page} pageSize={PAGE_SIZE} total={entries.data.total} onPageChange={setPage} />
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit log"
        description="Who changed what, and when. Every change through the dashboard, the REST API or the CLI is recorded with its before and after state."
      />
      <div className="grid gap-3 rounded-lg border p-4 sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto] lg:items-end">
        <FilterSelect
          id="audit-entity-type"
          label="Entity"
          value={filters.entityType}
          options={facets.data?.entityTypes ?? []}
          allLabel="All entities"
          format={entityLabel}
          onChange={(entityType) => update({ entityType })}
        />
        <FilterSelect
          id="audit-action"
          label="Action"
          value={filters.action}
          options={facets.data?.actions ?? []}
          allLabel="All actions"
          onChange={(action) => update({ action })}
        />
        <div className="grid gap-1.5">
          <Label htmlFor="audit-actor" className="text-xs text-muted-foreground">
            Who
          </Label>
          <Input
            id="audit-actor"
            className="h-8"
            placeholder="Email or key name"
            value={filters.actor}
            onChange={(event) => update({ actor: event.target.value })}
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="audit-from" className="text-xs text-muted-foreground">
            From
          </Label>
          <Input id="audit-from" type="date" className="h-8" value={filters.from} onChange={(event) => update({ from: event.target.value })} />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="audit-to" className={`text-xs ${rangeInvalid ? "text-destructive" : "text-muted-foreground"}`}>
            To
          </Label>
          <Input
            id="audit-to"
            type="date"
            className="h-8"
            value={filters.to}
            aria-invalid={rangeInvalid || undefined}
            aria-describedby={rangeInvalid ? "audit-range-error" : undefined}
            onChange={(event) => update({ to: event.target.value })}
          />
        </div>
        <Button variant="ghost" size="sm" onClick={() => update(noFilters)} disabled={!filtered}>
          <X aria-hidden />
          Clear
        </Button>
        {rangeInvalid ? (
          <p id="audit-range-error" className="text-sm text-destructive sm:col-span-2 lg:col-span-6">
            “To” must not be before “From”.
          </p>
        ) : null}
      </div>
      {body}
      <AuditEntryDialog entry={selected} onOpenChange={(open) => (open ? undefined : setSelected(null))} />
    </div>
  );
}
