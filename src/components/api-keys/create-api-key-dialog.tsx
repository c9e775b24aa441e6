"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { DialogFormFooter } from "@/components/ui/dialog-form-footer";
import { Check, Copy, Plus, TriangleExclamationPoint } from "lucide-react";
import { useRef, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

function NewKey({ name, secret }: { name: string; secret: string }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      toast.success("API key copied");
    } catch {
      inputRef.current?.select();
      toast.error("Could not copy automatically. The key is selected: copy it with Ctrl+C or ⌘C.");
    }
  }

  return (
    <div className="grid gap-4">
      <div role="alert" className="flex gap-3 rounded-md border border-warning/50 bg-warning/10 p-3 text-sm">
        <TriangleExclamationPoint className="mt-0.5 size-4 shrink-0 text-warning-foreground dark:text-warning" aria-hidden />
        <p>
          Copy this key now. It is shown <strong>only once</strong>: EmailOps keeps only a hash of it. Treat it like a password; it has
          admin rights.
        </p>
      </div>
      <div className="grid gap-2">
        <Label htmlFor="new-api-key">API key “{name}”</Label>
        <div className="flex gap-2">
          <Input
            id="new-api-key"
            ref={inputRef}
            readOnly
            value={secret}
            className="font-mono text-xs"
            onFocus={(event) => event.currentTarget.select()}
          />
          <Button type="button" variant="outline" onClick={() => void copy()}>
            {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
            {copied ? "Copied" : "Copy"}
          </Button>
        </div>
      </div>
      <p className="text-sm text-muted-foreground">
        Send it as <code className="rounded bg-muted px-1 py-0.5 font-mono text-xs">Authorization: Bearer &lt;key&gt;</code> to the REST
        API under <code className="rounded bg-muted px-1 py-0.5 font-mono text-xs">/api/v1</code>.
      </p>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button">Done</Button>
        </DialogClose>
      </DialogFooter>
    </div>
  );
}

function CreateApiKeyForm({ onCreated }: { onCreated: (created: { name: string; secret: string }) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async ({ key, apiKey }) => {
        onCreated({ name: apiKey.name, secret: key });
        await queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter());
      },
      onError: (failure) => {
        const info = describeTrpcError(failure);
        if (info.fieldErrors.name) {
          setError(info.fieldErrors.name);
          return;
        }
        setError(null);
        toast.error(info.message);
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    create.mutate({ name });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <FormField id="api-key-name" label="Name" error={error ?? undefined} hint="What uses this key, e.g. “dbt nightly trigger”.">
        <Input autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />
      </FormField>
      <DialogFormFooter pending={create.isPending} submitLabel="Create key" />
    </form>
  );
}

function DialogBody() {
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  return (
    <DialogContent
      onInteractOutside={(event) => {
        if (created) event.preventDefault();
      }}
    >
      <DialogHeader>
        <DialogTitle>{created ? "API key created" : "Create API key"}</DialogTitle>
        <DialogDescription>
          {created ? "Store the key somewhere safe before you close this dialog." : "API keys let scripts and pipelines call the REST API with admin rights."}
        </DialogDescription>
      </DialogHeader>
      {created ? <NewKey name={created.name} secret={created.secret} /> : <CreateApiKeyForm onCreated={setCreated} />}
    </DialogContent>
  );
}

export function CreateApiKeyDialog() {
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden />
          Create API key
        </Button>
      </DialogTrigger>
      <DialogBody />
    </Dialog>
  );
}
