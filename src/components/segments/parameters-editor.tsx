"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { ParameterValueInput } from "./parameter-value-input";
import { newParameterRow, PARAMETER_TYPES, type ParameterRow, type ParameterType } from "./segment-form";

interface ParametersEditorProps {
  rows: ParameterRow[];
  onChange: (rows: ParameterRow[]) => void;
  error?: string;
}

/** Declared parameters: each appears in the SQL as :name and is bound as a real query parameter. */
export function ParametersEditor({ rows, onChange, error }: ParametersEditorProps) {
  const update = (key: string, patch: Partial<ParameterRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...patch, ...(patch.type && patch.type !== row.type ? { default: "" } : {}) } : row)));

  return (
    <div className="grid gap-3">
      {rows.length === 0 ? <p className="text-sm text-muted-foreground">No parameters. Add one to use :name in the SQL.</p> : null}
      {rows.length > 0 ? (
        <div className="hidden grid-cols-[1fr_10rem_1fr_2.25rem] gap-2 text-xs font-medium text-muted-foreground sm:grid">
          <span>Parameter name</span>
          <span>Type</span>
          <span>Default</span>
          <span className="sr-only">Remove</span>
        </div>
      ) : null}
      {rows.map((row, index) => (
        <div key={row.key} className="grid gap-2 sm:grid-cols-[1fr_10rem_1fr_2.25rem]" data-testid="segment-parameter-row">
          <Input
            aria-label={`Parameter ${index + 1} name`}
            placeholder="name"
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            value={row.name}
            onChange={(event) => update(row.key, { name: event.target.value })}
          />
          <Select value={row.type} onValueChange={(type) => update(row.key, { type: type as ParameterType })}>
            <SelectTrigger aria-label={`Parameter ${index + 1} type`}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {PARAMETER_TYPES.map((type) => (
                <SelectItem key={type} value={type}>
                  {type}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          <ParameterValueInput
            id={`segment-parameter-${row.key}-default`}
            aria-label={`Parameter ${index + 1} default`}
            type={row.type}
            value={row.default}
            emptyLabel="No default"
            onChange={(value) => update(row.key, { default: value })}
          />
          <Button
            type="button"
            variant="ghost"
            size="icon"
            aria-label={`Remove parameter ${row.name || index + 1}`}
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
        <Button type="button" variant="outline" size="sm" onClick={() => onChange([...rows, newParameterRow()])}>
          <Plus aria-hidden /> Add parameter
        </Button>
      </div>
    </div>
  );
}
