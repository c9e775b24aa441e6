"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { newVariableRow, VARIABLE_TYPES, type VariableRow, type VariableType } from "./component-form";

const defaultPlaceholder: Record<VariableType, string> = {
  string: "text",
  color: "#2563eb",
  url: "https://…",
  image: "https://…/logo.png",
};

interface VariablesEditorProps {
  rows: VariableRow[];
  onChange: (rows: VariableRow[]) => void;
  error?: string;
  disabled?: boolean;
}

/** The component's variables: each is a hash argument of the partial, with a default used when it is not passed. */
export function VariablesEditor({ rows, onChange, error, disabled = false }: VariablesEditorProps) {
  const update = (key: string, patch: Partial<VariableRow>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  return (
    <div className="grid gap-3">
      {rows.length === 0 ? <p className="text-sm text-muted-foreground">No variables. Add one to use {"{{name}}"} in the content.</p> : null}
      {rows.length > 0 ? (
        <div className="hidden grid-cols-[1fr_8rem_1fr_1.5fr_2.25rem] gap-2 text-xs font-medium text-muted-foreground md:grid">
          <span>Name</span>
          <span>Type</span>
          <span>Default</span>
          <span>Description</span>
          <span className="sr-only">Remove</span>
        </div>
      ) : null}
      {rows.map((row, index) => (
        <div key={row.key} className="grid gap-2 md:grid-cols-[1fr_8rem_1fr_1.5fr_2.25rem]" data-testid="component-variable-row">
          <Input
            aria-label={`Variable ${index + 1} name`}
            placeholder="name"
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            disabled={disabled}
            value={row.name}
            onChange={(event) => update(row.key, { name: event.target.value })}
          />
          <Select value={row.type} disabled={disabled} onValueChange={(type) => update(row.key, { type: type as VariableType })}>
            <SelectTrigger aria-label={`Variable ${index + 1} type`}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {VARIABLE_TYPES.map((type) => (
                <SelectItem key={type} value={type}>
                  {type}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          <div className="flex items-center gap-2">
            {row.type === "color" ? (
              <span className="size-5 shrink-0 rounded border" style={{ background: row.defaultValue || "transparent" }} aria-hidden />
            ) : null}
            <Input
              aria-label={`Variable ${index + 1} default`}
              placeholder={defaultPlaceholder[row.type]}
              autoComplete="off"
              spellCheck={false}
              disabled={disabled}
              value={row.defaultValue}
              onChange={(event) => update(row.key, { defaultValue: event.target.value })}
            />
          </div>
          <Input
            aria-label={`Variable ${index + 1} description`}
            placeholder="What it is for"
            autoComplete="off"
            disabled={disabled}
            value={row.description}
            onChange={(event) => update(row.key, { description: event.target.value })}
          />
          <Button
            type="button"
            variant="ghost"
            size="icon"
            disabled={disabled}
            aria-label={`Remove variable ${row.name || index + 1}`}
            onClick={() => onChange(rows.filter((other) => other.key !== row.key))}
          >
            <Trash2 aria-hidden />
          </Button>
        </div>
      ))}
      {error ? (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
      <div>
        <Button type="button" variant="outline" size="sm" disabled={disabled} onClick={() => onChange([...rows, newVariableRow()])}>
          <Plus aria-hidden /> Add variable
        </Button>
      </div>
    </div>
  );
}
