"use client";

import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { ParameterType } from "./segment-form";

const NONE = "__none";

const valuePlaceholders: Record<ParameterType, string> = {
  string: "text",
  number: "e.g. 10",
  boolean: "",
  date: "YYYY-MM-DD",
  timestamp: "e.g. 2025-01-31T12:00:00Z",
};

interface ParameterValueInputProps {
  id: string;
  type: ParameterType;
  value: string;
  onChange: (value: string) => void;
  /** What an empty value means ("No default", "Default: 10"): the boolean select's empty choice. */
  emptyLabel: string;
  /** Shown in an empty text or date input; defaults to an example of the type. */
  placeholder?: string;
  "aria-label"?: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

/** One input for a parameter value, shaped by its type; "" always means "not given". */
export function ParameterValueInput({ id, type, value, onChange, emptyLabel, placeholder, ...aria }: ParameterValueInputProps) {
  if (type === "boolean") {
    return (
      <Select value={value === "" ? NONE : value} onValueChange={(next) => onChange(next === NONE ? "" : next)}>
        <SelectTrigger id={id} {...aria}>
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={NONE}>{emptyLabel}</SelectItem>
          <SelectItem value="true">true</SelectItem>
          <SelectItem value="false">false</SelectItem>
        </SelectContent>
      </Select>
    );
  }
  return (
    <Input
      id={id}
      type={type === "date" ? "date" : "text"}
      inputMode={type === "number" ? "decimal" : undefined}
      autoComplete="off"
      spellCheck={false}
      placeholder={placeholder ?? valuePlaceholders[type]}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      {...aria}
    />
  );
}
