"use client";

import { useState } from "react";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { ALIGNMENTS, type Alignment, type Padding } from "@/server/domain/rendering/builder/document";

const HEX_COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

/** A copy of `object` with `key` set, or removed when `value` is undefined (so stored JSON carries no empty keys). */
export function withOptional<T extends object, K extends keyof T>(object: T, key: K, value: T[K] | undefined): T {
  const copy = { ...object };
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy;
}

/** `<input type="color">` only takes #rrggbb. */
function swatchValue(color: string | undefined, fallback: string): string {
  const value = color && HEX_COLOR.test(color) ? color : fallback;
  return value.length === 4 ? `#${[...value.slice(1)].map((c) => c + c).join("")}` : value;
}

interface NumberFieldProps {
  id: string;
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  min: number;
  max: number;
  /** Empty means "not set" (undefined) instead of being refused. */
  optional?: boolean;
  placeholder?: string;
  hint?: string;
  error?: string[];
  disabled?: boolean;
}

/** A whole-number input: commits in-range values while typing, clamps out-of-range ones when it loses focus. */
export function NumberField({ id, label, value, onChange, min, max, optional, placeholder, hint, error, disabled }: NumberFieldProps) {
  const [draft, setDraft] = useState<string | null>(null);

  function commit(text: string, final: boolean) {
    const trimmed = text.trim();
    if (trimmed === "") {
      if (optional) onChange(undefined);
      return;
    }
    const number = Number(trimmed);
    if (!Number.isFinite(number)) return;
    const whole = Math.round(number);
    if (whole >= min && whole <= max && whole === number) onChange(whole);
    else if (final) onChange(Math.min(Math.max(whole, min), max));
  }

  return (
    <FormField id={id} label={label} hint={hint} error={error}>
      <Input
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        placeholder={placeholder}
        disabled={disabled}
        value={draft ?? (value === undefined ? "" : String(value))}
        onChange={(event) => {
          setDraft(event.target.value);
          commit(event.target.value, false);
        }}
        onBlur={() => {
          if (draft !== null) commit(draft, true);
          setDraft(null);
        }}
      />
    </FormField>
  );
}

interface ColorFieldProps {
  id: string;
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  /** Empty means "use the default", shown as the placeholder. */
  optional?: boolean;
  placeholder?: string;
  error?: string[];
  disabled?: boolean;
}

export function ColorField({ id, label, value, onChange, optional, placeholder, error, disabled }: ColorFieldProps) {
  return (
    <FormField id={id} label={label} error={error}>
      {(control) => (
        <div className="flex items-center gap-2">
          {/* A mouse convenience mirroring the text input, which is the accessible control. */}
          <input
            type="color"
            aria-hidden
            tabIndex={-1}
            className="h-9 w-10 shrink-0 cursor-pointer rounded-md border border-input bg-transparent p-1 disabled:cursor-not-allowed disabled:opacity-50"
            value={swatchValue(value, placeholder && HEX_COLOR.test(placeholder) ? placeholder : "#000000")}
            disabled={disabled}
            onChange={(event) => onChange(event.target.value)}
          />
          <Input
            {...control}
            autoComplete="off"
            spellCheck={false}
            placeholder={placeholder}
            disabled={disabled}
            value={value ?? ""}
            onChange={(event) => {
              const next = event.target.value.trim();
              onChange(optional && next === "" ? undefined : next);
            }}
          />
        </div>
      )}
    </FormField>
  );
}

interface ChoiceFieldProps<T extends string> {
  id: string;
  label: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange: (value: T) => void;
  hint?: string;
  error?: string[];
  disabled?: boolean;
}

export function ChoiceField<T extends string>({ id, label, value, options, onChange, hint, error, disabled }: ChoiceFieldProps<T>) {
  return (
    <FormField id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <Select
          value={value}
          disabled={disabled}
          onValueChange={(next) => {
            const option = options.find((o) => o.value === next);
            if (option) onChange(option.value);
          }}
        >
          <SelectTrigger {...control}>
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {options.map((option) => (
              <SelectItem key={option.value} value={option.value}>
                {option.label}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      )}
    </FormField>
  );
}

const alignmentOptions = ALIGNMENTS.map((value) => ({ value, label: value[0]?.toUpperCase() + value.slice(1) }));

export function AlignmentField(props: { id: string; value: Alignment; onChange: (value: Alignment) => void; disabled?: boolean }) {
  return <ChoiceField label="Alignment" options={alignmentOptions} {...props} />;
}

const SIDES = ["top", "right", "bottom", "left"] as const;

export function PaddingFields({
  idPrefix,
  value,
  onChange,
  errors,
  disabled,
}: {
  idPrefix: string;
  value: Padding;
  onChange: (value: Padding) => void;
  errors?: (field: string) => string[] | undefined;
  disabled?: boolean;
}) {
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-2 text-sm font-medium">Padding (px)</legend>
      <div className="grid grid-cols-2 gap-3">
        {SIDES.map((side) => (
          <NumberField
            key={side}
            id={`${idPrefix}-padding-${side}`}
            label={`Padding ${side}`}
            min={0}
            max={200}
            value={value[side]}
            error={errors?.(`padding.${side}`)}
            disabled={disabled}
            onChange={(next) => onChange({ ...value, [side]: next ?? 0 })}
          />
        ))}
      </div>
    </fieldset>
  );
}
