"use client";

import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Timestamp } from "@/components/ui/timestamp";
import type { RouterOutputs } from "@/trpc/react";

export type DevInboxMessage = RouterOutputs["devInbox"]["list"]["messages"][number];

function HeadersTable({ headers }: { headers: Record<string, string> }) {
  const entries = Object.entries(headers);
  if (entries.length === 0) return <p className="text-sm text-muted-foreground">No headers were recorded.</p>;
  return (
    <div className="rounded-lg border">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Header</TableHead>
            <TableHead>Value</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {entries.map(([name, value]) => (
            <TableRow key={name}>
              <TableCell className="w-56 align-top font-mono text-xs">{name}</TableCell>
              <TableCell className="font-mono text-xs break-all whitespace-normal">{value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

export function DevInboxMessageView({ message }: { message: DevInboxMessage }) {
  return (
    <article aria-label={`Email: ${message.subject}`} className="space-y-4">
      <header className="space-y-2">
        <h2 className="text-lg font-semibold break-words">{message.subject || "(no subject)"}</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-muted-foreground">From</dt>
          <dd className="break-all">{message.from}</dd>
          <dt className="text-muted-foreground">To</dt>
          <dd className="break-all">{message.to}</dd>
          <dt className="text-muted-foreground">Date</dt>
          <dd>
            <Timestamp date={message.createdAt} />
          </dd>
        </dl>
        {message.headers["X-EmailOps-Test"] === "true" ? <Badge variant="secondary">Test email</Badge> : null}
      </header>
      <Tabs defaultValue="html">
        <TabsList>
          <TabsTrigger value="html">HTML</TabsTrigger>
          <TabsTrigger value="text">Text</TabsTrigger>
          <TabsTrigger value="headers">Headers</TabsTrigger>
        </TabsList>
        <TabsContent value="html">
          {/* sandbox="" blocks scripts, forms and navigation: captured HTML is untrusted content. */}
          <iframe title={`HTML body of “${message.subject}”`} sandbox="" srcDoc={message.html} className="h-[32rem] w-full rounded-lg border bg-white" />
        </TabsContent>
        <TabsContent value="text">
          <pre className="max-h-[32rem] overflow-auto rounded-lg border bg-muted/40 p-4 font-mono text-xs whitespace-pre-wrap">{message.text || "(empty text part)"}</pre>
        </TabsContent>
        <TabsContent value="headers">
          <HeadersTable headers={message.headers} />
        </TabsContent>
      </Tabs>
    </article>
  );
}
