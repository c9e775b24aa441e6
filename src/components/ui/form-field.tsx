"use client";

import { Slot as SlotPrimitive } from "radix-ui";
import type * as React from "react";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";

export interface FormControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

interface FormFieldProps {
  /** Given to the control so the label, hint and error are wired to it. */
  id: string;
  label: React.ReactNode;
  error?: string | string[] | undefined;
  hint?: React.ReactNode;
  className?: string;
  /**
   * The control: a single element receives the id and aria props itself; a function places them where they belong
   * (e.g. on a Select's trigger rather than its root, which renders no element).
   */
  children: React.ReactElement | ((control: FormControlProps) => React.ReactNode);
}

function FormField({ id, label, error, hint, className, children }: FormFieldProps) {
  const message = Array.isArray(error) ? error.join(" ") : error;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = message ? `${id}-error` : undefined;
  const control: FormControlProps = {
    id,
    "aria-invalid": message ? true : undefined,
    "aria-describedby": [errorId, hintId].filter(Boolean).join(" ") || undefined,
  };
  return (
    <div data-slot="form-field" className={cn("grid gap-2", className)}>
      <Label htmlFor={id} className={cn(message && "text-destructive")}>
        {label}
      </Label>
      {typeof children === "function" ? children(control) : <SlotPrimitive.Root {...control}>{children}</SlotPrimitive.Root>}
      {message ? (
        <p id={errorId} className="text-sm text-destructive">
          {message}
        </p>
      ) : hint ? (
        <p id={hintId} className="text-sm text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export { FormField };
