"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Ellipsis, KeyRound, Trash2, UserCog, Users } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { toast } from "sonner";
import { AdminsOnlyState } from "@/components/layout/admin-only";
import { useCurrentUser } from "@/components/layout/current-user";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TableSkeleton } from "@/components/ui/table-skeleton";
import { Timestamp } from "@/components/ui/timestamp";
import { paginate } from "@/lib/paginate";
import type { Role } from "@/server/domain/auth/actor";
import { describeTrpcError, trpcErrorCode } from "@/trpc/errors";
import { useTRPC, type RouterOutputs } from "@/trpc/react";
import { CreateUserDialog } from "./create-user-dialog";
import { ResetPasswordDialog } from "./reset-password-dialog";

type User = RouterOutputs["users"]["list"][number];

const PAGE_SIZE = 20;
const columns = ["Email", "Name", "Role", "Created", "Last sign-in", ""];

function RoleBadge({ role }: { role: Role }) {
  return role === "admin" ? <Badge variant="secondary">Admin</Badge> : <Badge variant="outline">Member</Badge>;
}

export function UsersView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const me = useCurrentUser();
  const users = useQuery(trpc.users.list.queryOptions());
  const [page, setPage] = useState(1);
  const [resetTarget, setResetTarget] = useState<User | null>(null);
  const [deleteTarget, setDeleteTarget] = useState<User | null>(null);
  const [selfDemotion, setSelfDemotion] = useState(false);

  const invalidate = () => queryClient.invalidateQueries(trpc.users.list.queryFilter());

  const setRole = useMutation(
    trpc.users.setRole.mutationOptions({
      onSuccess: async (user) => {
        toast.success(`${user.email} is now ${user.role === "admin" ? "an admin" : "a member"}`);
        setSelfDemotion(false);
        if (user.id === me.id) router.refresh();
        await invalidate();
      },
      onError: (error) => toast.error(describeTrpcError(error).message),
    }),
  );

  const remove = useMutation(
    trpc.users.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Deleted ${deleteTarget?.email ?? "user"}`);
        setDeleteTarget(null);
        await invalidate();
      },
      onError: (error) => toast.error(describeTrpcError(error).message),
    }),
  );

  function changeRole(user: User, role: Role) {
    if (user.id === me.id && role !== "admin") {
      setSelfDemotion(true);
      return;
    }
    setRole.mutate({ id: user.id, role });
  }

  let body: ReactNode;
  if (users.isPending) {
    body = <TableSkeleton columns={columns} rows={4} />;
  } else if (users.isError) {
    body =
      trpcErrorCode(users.error) === "FORBIDDEN" ? (
        <AdminsOnlyState />
      ) : (
        <ErrorState title="Could not load users" error={users.error} onRetry={() => void users.refetch()} retrying={users.isFetching} />
      );
  } else if (users.data.length === 0) {
    body = <EmptyState icon={Users} title="No users yet" text="Add the people who should be able to sign in." action={<CreateUserDialog />} />;
  } else {
    const paged = paginate(users.data, page, PAGE_SIZE);
    body = (
      <div className="space-y-4">
        <div className="rounded-lg border">
          <Table>
            <TableHeader>
              <TableRow>
                {columns.map((column) => (
                  <TableHead key={column}>{column || <span className="sr-only">Actions</span>}</TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {paged.rows.map((user) => {
                const isMe = user.id === me.id;
                return (
                  <TableRow key={user.id}>
                    <TableCell className="font-medium">
                      <span className="flex items-center gap-2">
                        {user.email}
                        {isMe ? <Badge variant="muted">You</Badge> : null}
                      </span>
                    </TableCell>
                    <TableCell className="text-muted-foreground">{user.name || "—"}</TableCell>
                    <TableCell>
                      <RoleBadge role={user.role} />
                    </TableCell>
                    <TableCell className="text-muted-foreground">
                      <Timestamp date={user.createdAt} />
                    </TableCell>
                    <TableCell className="text-muted-foreground">
                      <Timestamp date={user.lastLoginAt} relative empty="Never" />
                    </TableCell>
                    <TableCell className="w-12 text-right">
                      <DropdownMenu modal={false}>
                        <DropdownMenuTrigger asChild>
                          <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${user.email}`}>
                            <Ellipsis aria-hidden />
                          </Button>
                        </DropdownMenuTrigger>
                        <DropdownMenuContent align="end" className="w-48">
                          <DropdownMenuItem
                            disabled={setRole.isPending}
                            onSelect={() => changeRole(user, user.role === "admin" ? "member" : "admin")}
                          >
                            <UserCog aria-hidden />
                            {user.role === "admin" ? "Make member" : "Make admin"}
                          </DropdownMenuItem>
                          <DropdownMenuItem onSelect={() => setResetTarget(user)}>
                            <KeyRound aria-hidden />
                            Reset password…
                          </DropdownMenuItem>
                          <DropdownMenuSeparator />
                          <DropdownMenuItem variant="destructive" disabled={isMe} onSelect={() => setDeleteTarget(user)}>
                            <Trash2 aria-hidden />
                            Delete user…
                          </DropdownMenuItem>
                        </DropdownMenuContent>
                      </DropdownMenu>
                    </TableCell>
                  </TableRow>
                );
              })}
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
        title="Users"
        description="People who can sign in to this workspace. Admins can also manage users, API keys and settings."
        actions={users.isSuccess ? <CreateUserDialog /> : null}
      />
      {body}
      <ResetPasswordDialog user={resetTarget} onOpenChange={(open) => (open ? undefined : setResetTarget(null))} />
      <ConfirmDialog
        open={deleteTarget !== null}
        onOpenChange={(open) => (open ? undefined : setDeleteTarget(null))}
        title="Delete user?"
        description={`${deleteTarget?.email ?? "This user"} will no longer be able to sign in. Their entries in the audit log are kept.`}
        confirmLabel="Delete user"
        pending={remove.isPending}
        onConfirm={() => deleteTarget && remove.mutate({ id: deleteTarget.id })}
      />
      <ConfirmDialog
        open={selfDemotion}
        onOpenChange={setSelfDemotion}
        title="Give up your admin role?"
        description="You will lose access to users, API keys and settings straight away. Another admin can promote you again."
        confirmLabel="Make me a member"
        pending={setRole.isPending}
        onConfirm={() => setRole.mutate({ id: me.id, role: "member" })}
      />
    </div>
  );
}
