"use client";

import { isTRPCClientError } from "@trpc/client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FileUp, X } from "lucide-react";
import { useId, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { DialogFormFooter, FormError } from "@/components/ui/dialog-form-footer";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import type { AppRouter } from "@/server/api/root";
import { describeTrpcError } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";

/** Same cap as the server's; checked here too so a huge file is refused before it is uploaded. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const EXAMPLE = "email,reason,note\nalice@example.com,unsubscribe,asked by phone\nbob@example.com,bounce,";

interface CsvProblem {
  line: number;
  message: string;
}

function isCsvProblem(value: unknown): value is CsvProblem {
  return typeof value === "object" && value !== null && typeof (value as CsvProblem).line === "number" && typeof (value as CsvProblem).message === "string";
}

/** The server lists every bad line in the error's details (the message itself names only the first ten). */
function csvProblems(error: unknown): { problems: CsvProblem[]; count: number } {
  if (!isTRPCClientError<AppRouter>(error)) return { problems: [], count: 0 };
  const details = error.data?.details;
  const problems = Array.isArray(details?.problems) ? details.problems.filter(isCsvProblem) : [];
  const count = typeof details?.problemCount === "number" ? details.problemCount : problems.length;
  return { problems, count };
}

const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? "" : "s"}`;

function ImportForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fileInputId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [pasted, setPasted] = useState("");
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ problems: CsvProblem[]; count: number } | null>(null);

  const importCsv = useMutation(
    trpc.suppressions.import.mutationOptions({
      onSuccess: async ({ added, alreadySuppressed, duplicatesInFile }) => {
        const skipped = [
          alreadySuppressed ? `${plural(alreadySuppressed, "address")} already suppressed` : null,
          duplicatesInFile ? `${plural(duplicatesInFile, "repeated line")} skipped` : null,
        ].filter(Boolean);
        toast.success(`Imported ${plural(added, "address")}${skipped.length ? ` (${skipped.join(", ")})` : ""}`);
        onDone();
        await queryClient.invalidateQueries(trpc.suppressions.list.queryFilter());
      },
      onError: (error) => {
        const found = csvProblems(error);
        if (found.problems.length > 0) {
          setProblems(found);
          setFormError(null);
          return;
        }
        setProblems(null);
        setFormError(describeTrpcError(error).message);
      },
    }),
  );

  async function onFileChosen(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0];
    setProblems(null);
    setFormError(null);
    if (!chosen) return;
    if (chosen.size > MAX_FILE_BYTES) {
      setFormError(`${chosen.name} is ${(chosen.size / 1024 / 1024).toFixed(1)} MB; at most 10 MB can be imported at once. Split it into smaller files.`);
      event.target.value = "";
      return;
    }
    setFile({ name: chosen.name, text: await chosen.text() });
  }

  function clearFile() {
    setFile(null);
    setProblems(null);
    if (fileInput.current) fileInput.current.value = "";
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblems(null);
    setFormError(null);
    const csv = file?.text ?? pasted;
    if (csv.trim() === "") {
      setFormError("Choose a CSV file or paste its contents first.");
      return;
    }
    importCsv.mutate({ csv });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid min-w-0 gap-4">
      <div className="grid gap-2">
        <Label htmlFor={fileInputId}>CSV file</Label>
        <div className="flex items-center gap-2">
          <input
            ref={fileInput}
            id={fileInputId}
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(event) => void onFileChosen(event)}
            className="min-w-0 flex-1 text-sm file:mr-3 file:rounded-md file:border file:bg-background file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-accent"
          />
          {file ? (
            <Button type="button" variant="ghost" size="sm" onClick={clearFile} aria-label={`Remove ${file.name}`}>
              <X aria-hidden />
              Clear
            </Button>
          ) : null}
        </div>
      </div>
      <div className="grid gap-2">
        <Label htmlFor={`${fileInputId}-paste`}>Or paste the CSV</Label>
        <Textarea
          id={`${fileInputId}-paste`}
          rows={6}
          className="max-h-64 font-mono text-xs"
          placeholder={EXAMPLE}
          value={file ? `Using ${file.name}. Clear the file to paste instead.` : pasted}
          disabled={file !== null}
          onChange={(event) => setPasted(event.target.value)}
          aria-describedby={`${fileInputId}-format`}
        />
        <p id={`${fileInputId}-format`} className="text-sm text-muted-foreground">
          A header row with an <code className="font-mono text-xs">email</code> column; <code className="font-mono text-xs">reason</code>{" "}
          (bounce, complaint, unsubscribe or manual, the default) and <code className="font-mono text-xs">note</code> are optional. Addresses
          already suppressed are skipped, never changed. Up to 100,000 rows.
        </p>
      </div>
      {problems ? (
        <div role="alert" className="grid gap-2 rounded-md border border-destructive/30 bg-destructive/5 p-3 text-sm">
          <p className="font-medium text-destructive">
            Nothing was imported: fix {problems.count === 1 ? "this line" : `these ${problems.count.toLocaleString()} lines`} and try again.
          </p>
          <ul className="max-h-48 space-y-1 overflow-y-auto font-mono text-xs">
            {problems.problems.map((problem, index) => (
              <li key={`${problem.line}-${index}`}>
                <span className="text-muted-foreground">line {problem.line}:</span> {problem.message}
              </li>
            ))}
          </ul>
          {problems.count > problems.problems.length ? (
            <p className="text-muted-foreground">and {plural(problems.count - problems.problems.length, "more problem")}.</p>
          ) : null}
        </div>
      ) : null}
      <FormError message={formError} />
      <DialogFormFooter pending={importCsv.isPending} submitLabel="Import" />
    </form>
  );
}

export function ImportSuppressionsDialog() {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <FileUp aria-hidden />
          Import CSV
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Import suppressions</DialogTitle>
          <DialogDescription>Every line is checked first; if any line is wrong, nothing is imported.</DialogDescription>
        </DialogHeader>
        {open ? <ImportForm onDone={() => setOpen(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}
