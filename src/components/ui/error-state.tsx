"use client";

import { CircleExclamationPoint, RotateCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import { describeTrpcError } from "@/trpc/errors";

interface ErrorStateProps {
  title?: string;
  /** The failed query's error; its user message is shown. */
  error: unknown;
  onRetry?: () => void;
  retrying?: boolean;
  className?: string;
}

function ErrorState({ title = "Something went wrong", error, onRetry, retrying = false, className }: ErrorStateProps) {
  const { message } = describeTrpcError(error);
  return (
    <div
      role="alert"
      data-slot="error-state"
      className={cn(
        "flex flex-col items-center justify-center gap-3 rounded-lg border border-destructive/30 bg-destructive/5 px-6 py-10 text-center",
        className,
      )}
    >
      <CircleExclamationPoint className="size-6 text-destructive" aria-hidden />
      <div className="space-y-1">
        <h2 className="text-base font-medium">{title}</h2>
        <p className="mx-auto max-w-md text-sm text-muted-foreground">{message}</p>
      </div>
      {onRetry ? (
        <Button variant="outline" size="sm" onClick={onRetry} pending={retrying}>
          {retrying ? null : <RotateCw aria-hidden />}
          Try again
        </Button>
      ) : null}
    </div>
  );
}

export { ErrorState };
