"use client";

import { useQuery } from "@tanstack/react-query";
import { Mail, Plus } from "lucide-react";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { Timestamp } from "@/components/ui/timestamp";
import { paginate } from "@/lib/paginate";
import { useTRPC } from "@/trpc/react";
import { NewTemplateDialog } from "./new-template-dialog";
import { activeVersionLabel, categoryLabel } from "./template-form";

const PAGE_SIZE = 20;
const columns = ["Name", "Key", "Category", "Active version", "Last updated"];

export function TemplatesView() {
  const trpc = useTRPC();
  const templates = useQuery(trpc.templates.list.queryOptions());
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);

  const newButton = (
    <Button onClick={() => setCreating(true)}>
      <Plus aria-hidden /> New template
    </Button>
  );

  let body: ReactNode;
  if (templates.isPending) {
    body = <TableSkeleton columns={columns} rows={3} />;
  } else if (templates.isError) {
    body = <ErrorState title="Could not load templates" error={templates.error} onRetry={() => void templates.refetch()} retrying={templates.isFetching} />;
  } else if (templates.data.length === 0) {
    body = (
      <EmptyState
        icon={Mail}
        title="No templates yet"
        text="A template is an email written in MJML, HTML or the block builder, with variables from your segment's columns. Publish a version to send it."
        action={newButton}
      />
    );
  } else {
    const paged = paginate(templates.data, page, PAGE_SIZE);
    body = (
      <div className="space-y-4">
        <div className="rounded-lg border">
          <Table>
            <TableHeader>
              <TableRow>
                {columns.map((column) => (
                  <TableHead key={column}>{column}</TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {paged.rows.map((template) => (
                <TableRow key={template.id}>
                  <TableCell className="font-medium">
                    <Link href={`/templates/${template.id}`} className="underline-offset-4 hover:underline">
                      {template.name}
                    </Link>
                  </TableCell>
                  <TableCell className="font-mono text-xs">{template.key}</TableCell>
                  <TableCell>
                    <Badge variant={template.category === "TRANSACTIONAL" ? "secondary" : "outline"}>{categoryLabel[template.category]}</Badge>
                  </TableCell>
                  <TableCell>
                    {template.activeVersion ? (
                      <Badge variant="success">{activeVersionLabel(template.activeVersion)}</Badge>
                    ) : (
                      <Badge variant="muted">{activeVersionLabel(null)}</Badge>
                    )}
                  </TableCell>
                  <TableCell className="text-muted-foreground">
                    <Timestamp date={template.updatedAt} relative />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        <Pagination page={paged.page} pageSize={PAGE_SIZE} total={paged.total} onPageChange={setPage} />
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title="Templates"
        description="Emails authored once and rendered per recipient. Drafts are editable; a published version is frozen and the active one is what sends use."
        actions={templates.isSuccess && templates.data.length > 0 ? newButton : null}
      />
      {body}
      <NewTemplateDialog open={creating} onOpenChange={setCreating} />
    </div>
  );
}
